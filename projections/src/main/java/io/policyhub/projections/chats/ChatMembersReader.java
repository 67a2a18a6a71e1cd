package io.policyhub.projections.chats;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import io.policyhub.api.chats.ChatMessage;
import io.policyhub.api.chats.ChatSummary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the {@code chat_members} read model that {@link ChatListProjection} writes (loaded in
 * every role that reads it, see {@code ReadModelReaders}).
 */
public class ChatMembersReader {

    /** A member's row as the pushes of the chat list need it. */
    public record Member(UUID chatId, UUID userId, UUID companionId, int unread) {
    }

    private final JdbcTemplate jdbc;

    public ChatMembersReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Who is in the chat; empty for a chat the read model does not have (yet). */
    public List<UUID> members(UUID chatId) {
        return jdbc.queryForList("select user_id from chat_members where chat_id = ?", UUID.class, chatId);
    }

    /** The user's chats, the one with the latest message (or start) first; the companions' names are the users read model's. */
    public List<ChatSummary> chatsOf(UUID userId) {
        return jdbc.query("""
                        select m.chat_id, m.companion_id, m.last_message_id, m.last_sender_id, m.last_text,
                               m.last_sent_at, m.unread, c.read_up_to as companion_read_up_to, m.started_at
                        from chat_members m
                        left join chat_members c on c.chat_id = m.chat_id and c.user_id = m.companion_id
                        where m.user_id = ? order by coalesce(m.last_sent_at, m.started_at) desc, m.chat_id""",
                (rs, row) -> {
                    UUID chatId = rs.getObject("chat_id", UUID.class);
                    UUID lastMessageId = rs.getObject("last_message_id", UUID.class);
                    ChatMessage last = lastMessageId == null ? null : new ChatMessage(lastMessageId, chatId,
                            rs.getObject("last_sender_id", UUID.class), rs.getString("last_text"), rs.getTimestamp("last_sent_at").toInstant());
                    return new ChatSummary(chatId, rs.getObject("companion_id", UUID.class), null, last,
                            rs.getInt("unread"), rs.getObject("companion_read_up_to", UUID.class), rs.getTimestamp("started_at").toInstant());
                },
                userId);
    }

    /** The message's sequence when it is the chat's newest (what a read mark names most of the time). */
    public OptionalLong sequenceIfNewest(UUID chatId, UUID messageId) {
        List<Long> found = jdbc.query("select last_sequence from chat_members where chat_id = ? and last_message_id = ? limit 1",
                (rs, row) -> rs.getLong(1), chatId, messageId);
        return found.isEmpty() ? OptionalLong.empty() : OptionalLong.of(found.get(0));
    }

    /** How far the member has read (the sequence of the message), 0 before any mark. */
    public long readSequence(UUID chatId, UUID userId) {
        return jdbc.query("select read_sequence from chat_members where chat_id = ? and user_id = ?",
                (rs, row) -> rs.getLong(1), chatId, userId).stream().findFirst().orElse(0L);
    }

    /** Both members of each chat with their unread counts. */
    public List<Member> membersWithUnread(List<UUID> chatIds) {
        return jdbc.query("select chat_id, user_id, companion_id, unread from chat_members where chat_id = any(?)",
                (rs, row) -> new Member(rs.getObject("chat_id", UUID.class), rs.getObject("user_id", UUID.class),
                        rs.getObject("companion_id", UUID.class), rs.getInt("unread")),
                (Object) chatIds.toArray(UUID[]::new));
    }

    /** When the newest chats started, for the public live page. */
    public List<Instant> latestStarts(int limit) {
        return jdbc.query("select started_at from chat_members where user_id < companion_id order by started_at desc limit ?",
                (rs, row) -> rs.getTimestamp(1).toInstant(), limit);
    }

    /** Messages sent today (UTC), for the public live page. */
    public long messagesToday() {
        Long messages = jdbc.queryForObject(
                "select coalesce(sum(messages), 0) from chat_daily_messages where day = (now() at time zone 'utc')::date", Long.class);
        return messages == null ? 0 : messages;
    }
}
