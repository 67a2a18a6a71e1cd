package io.policyhub.projections.chats;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.policyhub.api.chats.ChatRead;
import io.policyhub.api.chats.ChatStarted;
import io.policyhub.api.chats.MessageSent;
import io.policyhub.platform.redis.RedisPubSub;
import io.policyhub.projections.support.BatchedWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chat list ({@code chat_members}, two rows per chat: who is in it, which authorizes reads and
 * subscriptions, and per member the newest message, the read mark and the unread count) and the
 * messages-per-day counter of the public live page.
 *
 * <p>Once a batch committed, each member hears of what changed on {@code user:<id>}: a new chat, a
 * message with their unread count, a read mark. Replays and catching up on old events push nothing.
 */
@Component
@ProcessingGroup("chats")
class ChatListProjection {

    private static final Logger log = LoggerFactory.getLogger(ChatListProjection.class);
    private static final String BATCH = "policyhub.chat-list-pushes";
    private static final String ADD_MEMBER = """
            insert into chat_members (chat_id, user_id, companion_id, started_at) values (?, ?, ?, ?)
            on conflict (chat_id, user_id) do nothing""";
    /** The sender has read their own message; the other member has one more unread. */
    private static final String NEW_MESSAGE = """
            update chat_members set last_message_id = ?, last_sender_id = ?, last_text = ?, last_sent_at = ?, last_sequence = ?,
                   unread = case when user_id = ? then 0 else unread + 1 end,
                   read_up_to = case when user_id = ? then ? else read_up_to end,
                   read_sequence = case when user_id = ? then ? else read_sequence end
            where chat_id = ? and last_sequence < ?""";
    private static final String COUNT_MESSAGES = """
            insert into chat_daily_messages (day, messages) values (?, ?)
            on conflict (day) do update set messages = chat_daily_messages.messages + excluded.messages""";
    private static final String READ = """
            update chat_members set read_up_to = ?, read_sequence = ?, unread = ?
            where chat_id = ? and user_id = ? and read_sequence < ?""";

    private final BatchedWrites writes;
    private final JdbcTemplate jdbc;
    private final ChatMembersReader reader;
    private final RedisPubSub topics;
    private final JsonMapper json;
    private final Duration pushMaxAge;

    ChatListProjection(BatchedWrites writes, JdbcTemplate jdbc, ChatMembersReader reader, RedisPubSub topics, JsonMapper json,
                       @Value("${policyhub.chats.push-max-age:5m}") Duration pushMaxAge) {
        this.writes = writes;
        this.jdbc = jdbc;
        this.reader = reader;
        this.topics = topics;
        this.json = json;
        this.pushMaxAge = pushMaxAge;
    }

    @EventHandler
    void on(ChatStarted event, ReplayStatus replay) {
        Timestamp startedAt = Timestamp.from(event.startedAt());
        writes.update(ADD_MEMBER, event.chatId(), event.initiatorId(), event.companionId(), startedAt);
        writes.update(ADD_MEMBER, event.chatId(), event.companionId(), event.initiatorId(), startedAt);
        push(replay, event.startedAt(), event.chatId(), Map.of("kind", "chat-started", "chatId", event.chatId()));
    }

    @EventHandler
    void on(MessageSent event, ReplayStatus replay) {
        writes.update(NEW_MESSAGE, event.messageId(), event.senderId(), event.text(), Timestamp.from(event.sentAt()), event.sequence(),
                event.senderId(), event.senderId(), event.messageId(), event.senderId(), event.sequence(),
                event.chatId(), event.sequence());
        writes.add(COUNT_MESSAGES, Date.valueOf(event.sentAt().atZone(ZoneOffset.UTC).toLocalDate()), 1);
        push(replay, event.sentAt(), event.chatId(), Map.of("kind", "message", "chatId", event.chatId(), "message", event.toMessage()));
    }

    @EventHandler
    void on(ChatRead event, ReplayStatus replay, EventMessage<?> message) {
        writes.update(READ, event.upTo(), event.upToSequence(), event.unread(), event.chatId(), event.readerId(), event.upToSequence());
        push(replay, message.getTimestamp(), event.chatId(), Map.of("kind", "read", "chatId", event.chatId(),
                "readerId", event.readerId(), "upTo", event.upTo()));
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate chat_members, chat_daily_messages");
    }

    /** Queued for after the commit, when each member's unread count can be read as it now is. */
    private void push(ReplayStatus replay, Instant happenedAt, UUID chatId, Map<String, Object> change) {
        if (replay.isReplay() || happenedAt.isBefore(Instant.now().minus(pushMaxAge))) {
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        List<Push> pushes = unitOfWork.getOrComputeResource(BATCH, key -> {
            List<Push> batch = new ArrayList<>();
            unitOfWork.afterCommit(committed -> publish(batch));
            return batch;
        });
        pushes.add(new Push(chatId, change));
    }

    private void publish(List<Push> pushes) {
        try {
            Map<UUID, List<ChatMembersReader.Member>> members = new LinkedHashMap<>();
            reader.membersWithUnread(pushes.stream().map(Push::chatId).distinct().toList())
                    .forEach(member -> members.computeIfAbsent(member.chatId(), chat -> new ArrayList<>()).add(member));
            for (Push push : pushes) {
                for (ChatMembersReader.Member member : members.getOrDefault(push.chatId(), List.of())) {
                    Map<String, Object> payload = new LinkedHashMap<>(push.change());
                    payload.put("companionId", member.companionId());
                    payload.put("unread", member.unread());
                    topics.publish("user:" + member.userId(), null, json.writeValueAsString(payload));
                }
            }
        } catch (RuntimeException storeDown) {
            // the list is stored; a push nobody could receive is not worth holding back the next batch
            log.warn("Chat list changes not pushed ({} changes): {}", pushes.size(), storeDown.toString());
        }
    }

    private record Push(UUID chatId, Map<String, Object> change) {
    }
}
