package io.policyhub.messenger.chats;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;

import io.policyhub.api.chats.ChatSummary;
import io.policyhub.api.common.AggregateTypes;
import io.policyhub.platform.consistency.ReadYourWrites;
import io.policyhub.projections.chats.ChatMembersReader;
import io.policyhub.projections.identity.UserReader;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Membership from the chat members read model, which authorizes every chat read and subscription. */
@Component
public class ChatMembers {

    public enum Access { MEMBER, NOT_A_MEMBER, NO_SUCH_CHAT }

    private final ChatMembersReader reader;
    private final UserReader users;
    private final ReadYourWrites readYourWrites;
    private final Duration maxWait;

    ChatMembers(ChatMembersReader reader, UserReader users, ReadYourWrites readYourWrites,
                @Value("${policyhub.read-your-writes.timeout:5s}") Duration maxWait) {
        this.reader = reader;
        this.users = users;
        this.readYourWrites = readYourWrites;
        this.maxWait = maxWait;
    }

    /**
     * Whether the user is in the chat. A chat started a moment ago may not be in the read model
     * yet: when the event store has it, the read waits (bounded) for the projection.
     */
    public Access access(UUID chatId, UUID userId) {
        List<UUID> members = members(chatId);
        if (members.isEmpty()) {
            // an id of no chat, also of another aggregate (a user's, an order's), is answered at once
            if (!readYourWrites.storedAs(AggregateTypes.CHAT, chatId.toString())) {
                return Access.NO_SUCH_CHAT;
            }
            members = readYourWrites.readUntil(() -> Optional.of(members(chatId)), rows -> !rows.isEmpty(), maxWait, chatId)
                    .orElse(List.of());
            if (members.isEmpty()) {
                return Access.NO_SUCH_CHAT;
            }
        }
        return members.contains(userId) ? Access.MEMBER : Access.NOT_A_MEMBER;
    }

    /** Waits (bounded) until the read model lists the chat for the user, so the caller's next reads see it. */
    void awaitMembership(UUID chatId, UUID userId) {
        readYourWrites.readUntil(() -> Optional.of(members(chatId)), rows -> rows.contains(userId), maxWait, chatId);
    }

    /**
     * The sequence of a message a read mark names: the chat's newest from the chat list, an older one
     * from the history. The message may have reached the client (pushed live) before either store
     * has it: then the read waits for them (bounded).
     */
    OptionalLong sequenceOf(UUID chatId, UUID messageId, ChatHistory history) {
        Supplier<Optional<OptionalLong>> lookUp = () -> {
            OptionalLong newest = reader.sequenceIfNewest(chatId, messageId);
            return Optional.of(newest.isPresent() ? newest : history.sequenceOf(chatId, messageId));
        };
        return readYourWrites.readUntil(lookUp, OptionalLong::isPresent, maxWait, chatId).orElse(OptionalLong.empty());
    }

    /** Waits (bounded) until the member's read mark in the read model reached the sequence. */
    void awaitReadMark(UUID chatId, UUID userId, long sequence) {
        readYourWrites.readUntil(() -> Optional.of(reader.readSequence(chatId, userId)), read -> read >= sequence, maxWait, chatId);
    }

    /** The user's chats with each companion's name. */
    public List<ChatSummary> chatsOf(UUID userId) {
        List<ChatSummary> chats = reader.chatsOf(userId);
        Map<UUID, String> names = users.displayNames(chats.stream().map(ChatSummary::companionId).toList());
        return chats.stream().map(chat -> chat.withCompanionName(names.get(chat.companionId()))).toList();
    }

    public List<UUID> members(UUID chatId) {
        return reader.members(chatId);
    }
}
