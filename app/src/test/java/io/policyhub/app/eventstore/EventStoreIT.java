package io.policyhub.app.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import io.policyhub.api.accounts.AccountIds;
import io.policyhub.api.common.StoreConflict;
import io.policyhub.app.axon.StoreConflicts;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.Concurrently;
import io.policyhub.app.support.EventLog;
import io.policyhub.app.support.IntegrationTest;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * What the event store, token store, saga store and deadlines rely on, in both modes: the
 * PostgreSQL fixes (bytea, the global index sequence; their tables exist in both modes), creation
 * races, replay and persisted deadlines.
 */
@IntegrationTest
class EventStoreIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Serializer serializer;

    @Autowired
    DeadlineManager deadlineManager;

    @Autowired
    EventStore eventStore;

    @Autowired
    EventLog events;

    @ParameterizedTest(name = "{0}.{1} is bytea")
    @CsvSource({
            "domain_event_entry, payload", "domain_event_entry, meta_data",
            "snapshot_event_entry, payload", "snapshot_event_entry, meta_data",
            "token_entry, token", "saga_entry, serialized_saga", "scheduled_tasks, task_data"})
    void serializedColumnsAreByteaNotLargeObjects(String table, String column) {
        String type = jdbc.queryForObject(
                "select data_type from information_schema.columns where table_name = ? and column_name = ?",
                String.class, table, column);
        assertThat(type).isEqualTo("bytea");
    }

    @Test
    void globalIndexSequenceHandsOutEveryNumberInOrder() {
        Map<String, Object> sequence = jdbc.queryForMap(
                "select increment_by, cache_size from pg_sequences where sequencename = 'domain_event_entry_global_index_seq'");
        assertThat(((Number) sequence.get("increment_by")).longValue()).isEqualTo(1);
        assertThat(((Number) sequence.get("cache_size")).longValue()).isEqualTo(1);
    }

    /**
     * Concurrent appends (group commit on PostgreSQL): when one of them loses a race for an
     * aggregate's first sequence number only that one fails, recognised as a creation conflict.
     */
    @Test
    void concurrentAppendsAreCommittedTogetherAndOnlyTheLoserOfARaceFails() throws Exception {
        String contested = UUID.randomUUID().toString();
        List<String> aggregates = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            aggregates.add(i % 10 == 0 ? contested : UUID.randomUUID().toString());
        }

        List<String> outcomes = Concurrently.run(aggregates.size(), 16, i -> {
            try {
                eventStore.publish(new GenericDomainEventMessage<>("GroupCommitCheck", aggregates.get(i), 0,
                        "an event no processor handles"));
                return "stored";
            } catch (RuntimeException lostTheRace) {
                return StoreConflicts.conflictIn(lostTheRace).filter(StoreConflict::creation).map(conflict -> "refused")
                        .orElseThrow(() -> lostTheRace);
            }
        });

        assertThat(outcomes.stream().filter("refused"::equals)).as("3 of the 4 appends to one new aggregate").hasSize(3);
        assertThat(aggregates.stream().distinct().mapToLong(events::count).sum())
                .as("every other append stored exactly once").isEqualTo(37);
    }

    @Test
    void replayTokensSurviveTheSerializer() {
        TrackingToken replay = ReplayToken.createReplayToken(
                GapAwareTrackingToken.newInstance(42, List.of(40L, 41L)), GapAwareTrackingToken.newInstance(7, List.of()));

        SerializedObject<byte[]> stored = serializer.serialize(replay, byte[].class);
        TrackingToken read = serializer.deserialize(stored);

        assertThat(read).isEqualTo(replay);
    }

    @ParameterizedTest(name = "replaying {0} rebuilds its read model identically")
    @ValueSource(strings = {"accounts", "users", "orders"})
    void replayRebuildsTheReadModelIdentically(String projection) {
        Api api = new Api(port);
        for (int i = 0; i < 5; i++) {
            String user = api.newUser().token();
            api.post("/api/v1/accounts/me/deposits", user, "{\"amount\": " + (i + 1) + ".25}");
            api.post("/api/v1/accounts/me/withdrawals", user, "{\"amount\": 1}");
            api.post("/api/v1/orders", user, "{\"price\": 3}");
            api.get("/api/v1/accounts/me", user); // read-your-writes: returns once the projection applied them
        }
        String admin = api.adminToken();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertCaughtUp(api, admin, projection));
        Map<String, List<Map<String, Object>>> before = readModel(projection);

        Api.Response replay = api.post("/api/v1/admin/projections/" + projection + "/replay", admin, "{}");

        assertThat(replay.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertCaughtUp(api, admin, projection);
            Map<String, List<Map<String, Object>>> after = readModel(projection);
            before.forEach((table, rows) -> {
                List<Map<String, Object>> rowsBefore = withoutStatementMark(rows);
                List<Map<String, Object>> rowsAfter = withoutStatementMark(after.get(table));
                List<Map<String, Object>> onlyBefore = rowsBefore.stream().filter(row -> !rowsAfter.contains(row)).toList();
                List<Map<String, Object>> onlyAfter = rowsAfter.stream().filter(row -> !rowsBefore.contains(row)).toList();
                assertThat(onlyBefore).as("%s: rows the replay lost", table).isEmpty();
                if (table.equals("account_statement")) {
                    // a replay gives the statement of an account the read model had not seen open (decision 35)
                    assertThat(onlyAfter).as("%s: rows the replay added to accounts it answered for", table)
                            .allSatisfy(row -> assertThat(before.get(BALANCES))
                                    .filteredOn(balance -> balance.get("account_id").equals(row.get("account_id")))
                                    .singleElement().satisfies(balance -> assertThat(balance.get(STATEMENT_COMPLETE)).isEqualTo(false)));
                } else {
                    assertThat(onlyAfter).as("%s: rows the replay added", table).isEmpty();
                }
            });
            if (projection.equals("accounts")) {
                assertThat(after.get(BALANCES)).as("after a replay every account's statement is complete")
                        .allSatisfy(balance -> assertThat(balance.get(STATEMENT_COMPLETE)).isEqualTo(true));
            }
        });
    }

    @ParameterizedTest(name = "{0} starts at the head, not in replay mode")
    @ValueSource(strings = {"order-payment", "onboarding"})
    void processorsWithSideEffectsNeverStartInReplayMode(String processor) {
        List<String> tokenTypes = jdbc.queryForList("select token_type from token_entry where processor_name = ?",
                String.class, processor);

        assertThat(tokenTypes).isNotEmpty().doesNotContain(ReplayToken.class.getName());
    }

    @Test
    void persistedDeadlinesFire() {
        String account = AccountIds.forOwner(new Api(port).newUser().userId()).toString();

        String deadlineId = deadlineManager.schedule(Duration.ofMillis(200), "fire-check", null,
                new AggregateScopeDescriptor("Account", account));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from scheduled_tasks where task_instance = ?", Long.class, deadlineId))
                .as("executed and removed by the running scheduler").isZero());
    }

    @Test
    void deadlinesArePersistedInPostgres() {
        assertThat(deadlineManager).isInstanceOf(DbSchedulerDeadlineManager.class);
        String scope = UUID.randomUUID().toString();

        String deadlineId = deadlineManager.schedule(Duration.ofHours(1), "persistence-check",
                null, new AggregateScopeDescriptor("Account", scope));

        assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks where task_instance = ?",
                Long.class, deadlineId)).isEqualTo(1);
        deadlineManager.cancelSchedule("persistence-check", deadlineId);
        assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks where task_instance = ?",
                Long.class, deadlineId)).isZero();
    }

    private static void assertCaughtUp(Api api, String admin, String projection) {
        JsonNode status = StreamSupport.stream(api.get("/api/v1/admin/projections", admin).json().spliterator(), false)
                .filter(processor -> processor.get("name").asString().equals(projection))
                .findFirst().orElseThrow();
        assertThat(status.get("replaying").asBoolean()).isFalse();
        assertThat(status.get("lag").asLong()).isZero();
    }

    private static final String BALANCES = "account_balance";
    private static final String STATEMENT_COMPLETE = "statement_complete";

    /** A replay sets the statement mark of accounts older than the statements: rows compare without it. */
    private static List<Map<String, Object>> withoutStatementMark(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> {
            Map<String, Object> copy = new LinkedHashMap<>(row);
            copy.remove(STATEMENT_COMPLETE);
            return copy;
        }).toList();
    }

    private Map<String, List<Map<String, Object>>> readModel(String projection) {
        List<String> tables = switch (projection) {
            case "accounts" -> List.of(BALANCES, "account_statement");
            case "users" -> List.of("users");
            case "orders" -> List.of("orders", "notifications", "notification_recipients");
            default -> throw new IllegalArgumentException(projection);
        };
        return tables.stream().collect(Collectors.toMap(table -> table,
                table -> jdbc.queryForList("select * from " + table + " order by 1, 2")));
    }
}
