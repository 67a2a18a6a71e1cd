package io.policyhub.messenger.gateway;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.insurance.ApplicationView;
import io.policyhub.api.insurance.FindApplication;
import io.policyhub.messenger.chats.ChatMembers;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

/**
 * The topics of the gateway and who may use them: {@code application:<id>} is followed by the
 * application's owner only, {@code chat:<id>} by the chat's members only, who alone may also send
 * to it, {@code user:<id>} (new chats, unread counts, read marks, typing) by that user only. Ownership comes from the query side (whichever instance runs it), membership from the
 * chat members read model.
 */
final class TopicAccess {

    static final String APPLICATION_PREFIX = "application:";
    static final String CHAT_PREFIX = "chat:";
    static final String USER_PREFIX = "user:";

    sealed interface Topic permits ApplicationTopic, ChatTopic, UserTopic {
        String name();
    }

    record ApplicationTopic(String name, UUID applicationId) implements Topic {
    }

    record ChatTopic(String name, UUID chatId) implements Topic {
    }

    record UserTopic(String name, UUID userId) implements Topic {
    }

    /** A refusal to subscribe or send, as an error frame says it. */
    record Refusal(int status, String detail) {
    }

    private final QueryGateway queryGateway;
    private final ChatMembers chatMembers;

    TopicAccess(QueryGateway queryGateway, ChatMembers chatMembers) {
        this.queryGateway = queryGateway;
        this.chatMembers = chatMembers;
    }

    static Optional<Topic> parse(String name) {
        return idAfter(name, APPLICATION_PREFIX).<Topic>map(id -> new ApplicationTopic(name, id))
                .or(() -> idAfter(name, CHAT_PREFIX).map(id -> new ChatTopic(name, id)))
                .or(() -> idAfter(name, USER_PREFIX).map(id -> new UserTopic(name, id)));
    }

    /** The application as its owner sees it; empty for anyone else and for an unknown application. */
    Optional<ApplicationView> application(UUID userId, UUID applicationId) {
        return queryGateway.query(new FindApplication(applicationId, userId, null),
                ResponseTypes.optionalInstanceOf(ApplicationView.class)).join();
    }

    /** Whether the user may follow (and send to) the chat. */
    Optional<Refusal> chatRefusal(UUID userId, UUID chatId) {
        return switch (chatMembers.access(chatId, userId)) {
            case MEMBER -> Optional.empty();
            case NOT_A_MEMBER -> Optional.of(new Refusal(403, "Only members may follow this chat"));
            case NO_SUCH_CHAT -> Optional.of(new Refusal(404, "No such chat"));
        };
    }

    /** The other member of a chat the user is in; empty for anyone else. */
    Optional<UUID> companion(UUID userId, UUID chatId) {
        List<UUID> members = chatMembers.members(chatId);
        return members.contains(userId) ? members.stream().filter(member -> !member.equals(userId)).findFirst() : Optional.empty();
    }

    private static Optional<UUID> idAfter(String name, String prefix) {
        if (name == null || !name.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(name.substring(prefix.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
