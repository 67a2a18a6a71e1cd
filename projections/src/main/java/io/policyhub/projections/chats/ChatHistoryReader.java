package io.policyhub.projections.chats;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import io.policyhub.api.chats.ChatMessage;
import io.policyhub.platform.clickhouse.ClickHouseConnections;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the ClickHouse chat history that {@link ChatHistoryProjection} writes (schema in
 * {@link ChatHistorySchema}); loaded in every role that reads it, see {@code ReadModelReaders}.
 * A message may be stored twice (a batch retried); {@code LIMIT 1 BY sequence} shows it once.
 */
public class ChatHistoryReader {

    private final JdbcTemplate clickHouse;

    public ChatHistoryReader(ClickHouseConnections clickHouse) {
        this.clickHouse = clickHouse.router();
    }

    /** A stored message and where it is in its chat. */
    public record StoredMessage(long sequence, ChatMessage message) {
    }

    /** Up to {@code limit} messages older than {@code beforeSequence}, newest first. */
    public List<StoredMessage> before(UUID chatId, long beforeSequence, int limit) {
        return clickHouse.query("""
                        SELECT sequence, message_id, sender_id, text, sent_at_ms FROM chat_messages
                        WHERE chat_id = ? AND sequence < ? ORDER BY sequence DESC LIMIT 1 BY sequence LIMIT ?""",
                (rs, row) -> new StoredMessage(rs.getLong("sequence"), new ChatMessage(UUID.fromString(rs.getString("message_id")),
                        chatId, UUID.fromString(rs.getString("sender_id")), rs.getString("text"),
                        Instant.ofEpochMilli(rs.getLong("sent_at_ms")))),
                chatId.toString(), beforeSequence, limit);
    }

    /** Where a message is in its chat; empty for a message the history does not have. */
    public OptionalLong sequenceOf(UUID chatId, UUID messageId) {
        List<Long> found = clickHouse.queryForList(
                "SELECT sequence FROM chat_messages WHERE chat_id = ? AND message_id = ? LIMIT 1",
                Long.class, chatId.toString(), messageId.toString());
        return found.isEmpty() ? OptionalLong.empty() : OptionalLong.of(found.get(0));
    }
}
