package io.policyhub.projections.chats;

import java.util.List;
import java.util.UUID;

import io.policyhub.api.chats.ChatSummary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the {@code chat_members} read model that {@link ChatMembershipProjection} writes (loaded in
 * every role that reads it, see {@code ReadModelReaders}).
 */
public class ChatMembersReader {

    private final JdbcTemplate jdbc;

    public ChatMembersReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Who is in the chat; empty for a chat the read model does not have (yet). */
    public List<UUID> members(UUID chatId) {
        return jdbc.queryForList("select user_id from chat_members where chat_id = ?", UUID.class, chatId);
    }

    /** The user's chats, newest first. */
    public List<ChatSummary> chatsOf(UUID userId) {
        return jdbc.query("""
                        select chat_id, companion_id, started_at from chat_members
                        where user_id = ? order by started_at desc, chat_id""",
                (rs, row) -> new ChatSummary(rs.getObject("chat_id", UUID.class), rs.getObject("companion_id", UUID.class),
                        rs.getTimestamp("started_at").toInstant()),
                userId);
    }
}
