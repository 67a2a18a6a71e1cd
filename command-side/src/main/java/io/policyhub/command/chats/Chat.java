package io.policyhub.command.chats;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.policyhub.api.chats.ChatRead;
import io.policyhub.api.chats.ChatStarted;
import io.policyhub.api.chats.MarkChatRead;
import io.policyhub.api.chats.MessageSent;
import io.policyhub.api.chats.SendMessage;
import io.policyhub.api.common.AggregateTypes;
import io.policyhub.api.common.Rejection;
import io.policyhub.command.common.CommandRejectedException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A direct chat of two users. Only members may write. The state is small and bounded whatever the
 * length of the history (members, the newest message's number, read marks, the latest messages'
 * ids and senders), so a chat with hundreds of thousands of messages loads from a snapshot plus at
 * most a few hundred events when it is not in the aggregate cache.
 *
 * <p>Resends are recognised by message id among the latest {@value #RECENT_MESSAGE_IDS} messages:
 * an idempotency window, as with any idempotency-key store. The history stores a message id once
 * even if a resend arrives later than that.
 *
 * <p>Read marks move forward only; sending a message marks the chat read for its sender. What is
 * left unread after a mark is counted among the same latest messages, so a mark further back than
 * that window reports a lower bound.
 */
@Aggregate(type = AggregateTypes.CHAT, cache = "chatAggregateCache", snapshotTriggerDefinition = "chatSnapshotTrigger", filterEventsByType = true)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Chat {

    static final int RECENT_MESSAGE_IDS = 1000;

    @AggregateIdentifier
    private UUID chatId;
    private List<UUID> memberIds;
    /** The number of the chat's newest message: messages are numbered 1, 2, ...; read marks take no number. */
    private long lastSequence;
    private LinkedHashSet<UUID> recentMessageIds = new LinkedHashSet<>();
    /** Each member's read mark: the sequence of the newest message they have read. */
    private Map<UUID, Long> readUpTo = new HashMap<>();
    /** Who sent each of the latest messages, oldest first: what counting a member's unread messages needs. */
    private ArrayDeque<Sent> recentSenders = new ArrayDeque<>();

    record Sent(long sequence, UUID senderId) {
    }

    protected Chat() {
        // for event sourcing and snapshots
    }

    /** Starting a chat that exists changes nothing. */
    void start(UUID chatId, UUID initiatorId, UUID companionId) {
        if (this.chatId == null) {
            apply(new ChatStarted(chatId, initiatorId, companionId, now()));
        }
    }

    @CommandHandler
    public UUID handle(SendMessage command) {
        requireMember(command.senderId(), "Only members may write to this chat");
        if (command.text() == null || command.text().isBlank() || command.text().length() > SendMessage.MAX_TEXT_LENGTH) {
            throw new CommandRejectedException(Rejection.invalid("invalid-text",
                    "The text must have 1 to " + SendMessage.MAX_TEXT_LENGTH + " characters"));
        }
        if (!recentMessageIds.contains(command.messageId())) {
            apply(new MessageSent(chatId, command.messageId(), command.senderId(), command.text(), lastSequence + 1, now()));
        }
        return command.messageId();
    }

    @CommandHandler
    public void handle(MarkChatRead command) {
        requireMember(command.readerId(), "Only members may mark this chat read");
        if (command.upToSequence() < 1 || command.upToSequence() > lastSequence) {
            throw new CommandRejectedException(Rejection.invalid("invalid-read-mark", "upTo names no message of this chat"));
        }
        if (command.upToSequence() > readUpTo.getOrDefault(command.readerId(), 0L)) {
            apply(new ChatRead(chatId, command.readerId(), command.upTo(), command.upToSequence(),
                    unreadAfter(command.readerId(), command.upToSequence())));
        }
    }

    private void requireMember(UUID userId, String refusal) {
        if (!memberIds.contains(userId)) {
            throw new CommandRejectedException(Rejection.forbidden("not-a-member", refusal));
        }
    }

    private int unreadAfter(UUID reader, long sequence) {
        return (int) recentSenders.stream().filter(sent -> sent.sequence() > sequence && !sent.senderId().equals(reader)).count();
    }

    @EventSourcingHandler
    void on(ChatStarted event) {
        chatId = event.chatId();
        memberIds = List.of(event.initiatorId(), event.companionId());
        lastSequence = 0;
    }

    @EventSourcingHandler
    void on(MessageSent event) {
        lastSequence = event.sequence();
        recentMessageIds.add(event.messageId());
        if (recentMessageIds.size() > RECENT_MESSAGE_IDS) {
            Iterator<UUID> oldest = recentMessageIds.iterator();
            oldest.next();
            oldest.remove();
        }
        recentSenders.addLast(new Sent(event.sequence(), event.senderId()));
        if (recentSenders.size() > RECENT_MESSAGE_IDS) {
            recentSenders.removeFirst();
        }
        readUpTo.put(event.senderId(), event.sequence());
    }

    @EventSourcingHandler
    void on(ChatRead event) {
        readUpTo.put(event.readerId(), event.upToSequence());
    }

    /** The event clock (fixed in test fixtures) at the millisecond precision of the history stores. */
    private static Instant now() {
        return GenericEventMessage.clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
