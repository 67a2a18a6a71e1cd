package io.policyhub.projections.chats;

import java.util.List;

import io.policyhub.platform.clickhouse.ClickHouseConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The ClickHouse tables of chat history, created on every node (no ON CLUSTER: that needs
 * ZooKeeper, which the local cluster does not run). Each shard holds a ReplacingMergeTree keyed by
 * (chat_id, sequence): a chat's messages are stored in order, and a row written twice (redelivery,
 * replay over a half-written batch) collapses into one when parts merge; readers de-duplicate
 * until then with {@code LIMIT 1 BY sequence}. The router holds a Distributed table that sends
 * each row to the shard {@code cityHash64(chat_id)} picks, so a chat lives on one shard.
 * The statements are plain SQL that ClickHouse 18.16 and current releases both accept.
 */
@Component
public class ChatHistorySchema {

    static final String LOCAL_TABLE = "chat_messages_local";
    static final String TABLE = "chat_messages";

    private static final Logger log = LoggerFactory.getLogger(ChatHistorySchema.class);
    private static final String COLUMNS = """
            (chat_id String, sequence UInt64, message_id String, sender_id String, text String, sent_at_ms UInt64)""";

    private final ClickHouseConnections clickHouse;
    private volatile boolean created;

    public ChatHistorySchema(ClickHouseConnections clickHouse) {
        this.clickHouse = clickHouse;
    }

    /** Creates what is missing; cheap once it succeeded. */
    public void ensure() {
        if (created) {
            return;
        }
        List<JdbcTemplate> shards = clickHouse.shards();
        if (shards.isEmpty()) {
            throw new IllegalStateException("policyhub.clickhouse.shards lists no shard");
        }
        for (JdbcTemplate shard : shards) {
            shard.execute("CREATE TABLE IF NOT EXISTS " + LOCAL_TABLE + " " + COLUMNS
                    + " ENGINE = ReplacingMergeTree() ORDER BY (chat_id, sequence)");
        }
        JdbcTemplate router = clickHouse.router();
        String database = router.queryForObject("SELECT currentDatabase()", String.class);
        router.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " " + COLUMNS + " ENGINE = Distributed("
                + clickHouse.cluster() + ", " + database + ", " + LOCAL_TABLE + ", cityHash64(chat_id))");
        created = true;
    }

    /** Empties every shard (before a replay refills them). */
    void truncate() {
        ensure();
        clickHouse.shards().forEach(shard -> shard.execute("TRUNCATE TABLE " + LOCAL_TABLE));
    }

    /** At startup when ClickHouse is up; otherwise the projection creates the tables once it returns. */
    @EventListener(ApplicationReadyEvent.class)
    void createAtStartup() {
        try {
            ensure();
        } catch (RuntimeException clickHouseDown) {
            log.warn("ClickHouse schema not created yet: {}", clickHouseDown.toString());
        }
    }
}
