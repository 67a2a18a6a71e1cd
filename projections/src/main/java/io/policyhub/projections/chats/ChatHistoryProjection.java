package io.policyhub.projections.chats;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.policyhub.api.chats.MessageSent;
import io.policyhub.platform.clickhouse.ClickHouseConnections;
import io.policyhub.projections.support.BatchedWrites;
import io.policyhub.projections.support.EventByEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Chat history in the sharded ClickHouse table. Rows are sent as one batch per batch of events,
 * when the processor is about to store its token: if ClickHouse is down the insert fails, the
 * token stays where it was and the processor retries the batch with backoff, so history catches
 * up when ClickHouse returns and nothing is lost. Inserting a batch twice is harmless (see
 * {@link ChatHistorySchema}).
 *
 * <p>Batches are bounded by size (the processor's batch size) and by time: after a small batch the
 * processor pauses until {@code policyhub.chats.history-insert-interval} has passed since the
 * previous insert, so that at a trickle of messages ClickHouse gets a few larger inserts instead of
 * many one-row parts to merge, while catching up (full batches) runs at full speed. The live path
 * (Redis) does not wait for this; only the history trails by up to that interval.
 */
@Component
@ProcessingGroup("chat-history")
class ChatHistoryProjection {

    private static final String ROWS = ChatHistoryProjection.class.getName() + ".rows";
    private static final int SMALL_BATCH = 50;
    // the v1 driver needs one expression among the values to insert in a way 18.16 understands
    private static final String INSERT = "INSERT INTO " + ChatHistorySchema.TABLE
            + " (chat_id, sequence, message_id, sender_id, text, sent_at_ms) VALUES (?, ?, ?, ?, ?, toUInt64(?))";

    private final ChatHistorySchema schema;
    private final BatchedWrites history;
    private final long insertIntervalNanos;
    private volatile long lastInsert = System.nanoTime();

    ChatHistoryProjection(ChatHistorySchema schema, ClickHouseConnections clickHouse, EventByEvent eventByEvent,
                          @Value("${policyhub.chats.history-insert-interval:200ms}") Duration insertInterval) {
        this.schema = schema;
        this.history = new BatchedWrites(clickHouse.router(), eventByEvent);
        this.insertIntervalNanos = insertInterval.toNanos();
    }

    @EventHandler
    void on(MessageSent event) {
        schema.ensure();
        history.update(INSERT, event.chatId().toString(), event.sequence(), event.messageId().toString(),
                event.senderId().toString(), event.text(), event.sentAt().toEpochMilli());
        // registered after the insert's own handler, so the pause follows the insert
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        batch.getOrComputeResource(ROWS, key -> {
            AtomicInteger rows = new AtomicInteger();
            batch.onPrepareCommit(inserted -> paceAfter(rows.get()));
            return rows;
        }).incrementAndGet();
    }

    @ResetHandler
    void reset() {
        schema.truncate();
    }

    /** After a small batch, waits until the previous insert is {@code insertInterval} old; messages arriving meanwhile join the next batch. */
    private void paceAfter(int rows) {
        long wait = lastInsert + insertIntervalNanos - System.nanoTime();
        if (rows < SMALL_BATCH && wait > 0) {
            LockSupport.parkNanos(wait);
        }
        lastInsert = System.nanoTime();
    }
}
