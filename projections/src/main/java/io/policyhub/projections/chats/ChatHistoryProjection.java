package io.policyhub.projections.chats;

import io.policyhub.api.chats.MessageSent;
import io.policyhub.platform.clickhouse.ClickHouse;
import io.policyhub.projections.support.BatchedWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/**
 * Chat history in the sharded ClickHouse table. Rows are sent as one batch per batch of events,
 * when the processor is about to store its token: if ClickHouse is down the insert fails, the
 * token stays where it was and the processor retries the batch with backoff, so history catches
 * up when ClickHouse returns and nothing is lost. Inserting a batch twice is harmless (see
 * {@link ChatHistorySchema}).
 */
@Component
@ProcessingGroup("chat-history")
class ChatHistoryProjection {

    // the v1 driver needs one expression among the values to insert in a way 18.16 understands
    private static final String INSERT = "INSERT INTO " + ChatHistorySchema.TABLE
            + " (chat_id, sequence, message_id, sender_id, text, sent_at_ms) VALUES (?, ?, ?, ?, ?, toUInt64(?))";

    private final ChatHistorySchema schema;
    private final BatchedWrites history;

    ChatHistoryProjection(ChatHistorySchema schema, ClickHouse clickHouse) {
        this.schema = schema;
        this.history = new BatchedWrites(clickHouse.router());
    }

    @EventHandler
    void on(MessageSent event) {
        schema.ensure();
        history.update(INSERT, event.chatId().toString(), event.sequence(), event.messageId().toString(),
                event.senderId().toString(), event.text(), event.sentAt().toEpochMilli());
    }

    @ResetHandler
    void reset() {
        schema.truncate();
    }
}
