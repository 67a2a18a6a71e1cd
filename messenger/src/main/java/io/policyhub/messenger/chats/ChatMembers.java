package io.policyhub.messenger.chats;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.chats.ChatSummary;
import io.policyhub.platform.consistency.ReadYourWrites;
import io.policyhub.projections.chats.ChatMembersReader;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Membership from the chat members read model, which authorizes every chat read and subscription. */
@Component
public class ChatMembers {

    public enum Access { MEMBER, NOT_A_MEMBER, NO_SUCH_CHAT }

    private final ChatMembersReader reader;
    private final EventStore eventStore;
    private final ReadYourWrites readYourWrites;
    private final Duration maxWait;

    ChatMembers(ChatMembersReader reader, EventStore eventStore, ReadYourWrites readYourWrites,
                @Value("${policyhub.read-your-writes.timeout:5s}") Duration maxWait) {
        this.reader = reader;
        this.eventStore = eventStore;
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
            if (eventStore.lastSequenceNumberFor(chatId.toString()).isEmpty()) {
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

    public List<ChatSummary> chatsOf(UUID userId) {
        return reader.chatsOf(userId);
    }

    private List<UUID> members(UUID chatId) {
        return reader.members(chatId);
    }
}
