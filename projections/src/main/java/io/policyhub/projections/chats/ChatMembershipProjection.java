package io.policyhub.projections.chats;

import java.sql.Timestamp;

import io.policyhub.api.chats.ChatStarted;
import io.policyhub.projections.support.BatchedWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Who is in which chat: lists a user's chats and authorizes reads and subscriptions. */
@Component
@ProcessingGroup("chats")
class ChatMembershipProjection {

    private static final String ADD_MEMBER = """
            insert into chat_members (chat_id, user_id, companion_id, started_at) values (?, ?, ?, ?)
            on conflict (chat_id, user_id) do nothing""";

    private final BatchedWrites writes;
    private final JdbcTemplate jdbc;

    ChatMembershipProjection(BatchedWrites writes, JdbcTemplate jdbc) {
        this.writes = writes;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ChatStarted event) {
        Timestamp startedAt = Timestamp.from(event.startedAt());
        writes.update(ADD_MEMBER, event.chatId(), event.initiatorId(), event.companionId(), startedAt);
        writes.update(ADD_MEMBER, event.chatId(), event.companionId(), event.initiatorId(), startedAt);
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate chat_members");
    }
}
