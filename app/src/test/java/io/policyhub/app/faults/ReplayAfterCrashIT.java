package io.policyhub.app.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;

import io.policyhub.api.accounts.AccountIds;
import io.policyhub.api.accounts.MoneyDeposited;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.AppProcess;
import io.policyhub.app.support.EventLog;
import io.policyhub.app.support.IntegrationTest;
import io.policyhub.app.support.TestMode;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A kill -9 of an application process under load, then a replay of every projection: the read
 * models rebuilt from the events are identical to those the processors built live, across the
 * crash (PostgreSQL tables, and the chat history that ClickHouse and Redis serve), and each
 * account's balance equals the balance its last event states.
 */
@IntegrationTest
class ReplayAfterCrashIT {

    private static final int PORT = 18088;
    private static final List<String> TABLES = List.of("account_balance", "users", "orders", "notifications",
            "notification_recipients", "insurance_applications", "insurance_quotes", "chat_members");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventLog events;

    private AppProcess app;

    @AfterEach
    void stopApp() throws InterruptedException {
        if (app != null) {
            app.close();
        }
        // the test context's processors take the released segments over before the next test reads
        Api api = new Api(port);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String username = "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
            assertThat(api.register(username, Api.PASSWORD).status()).isEqualTo(201);
            assertThat(api.login(username, Api.PASSWORD).status()).isEqualTo(200);
        });
    }

    @Test
    void aReplayAfterAKillUnderLoadRebuildsTheSameReadModels() throws Exception {
        app = start("first");
        Api crashing = new Api(PORT);
        List<Api.User> users = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            users.add(crashing.newUser());
        }
        String chatId = crashing.post("/api/v1/chats", users.get(0).token(),
                "{\"companionId\": \"" + users.get(1).userId() + "\"}").json().get("chatId").asString();

        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(users.size());
        for (Api.User user : users) {
            load.execute(() -> {
                for (int i = 0; loading.get(); i++) {
                    try {
                        crashing.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 10.25}");
                        crashing.post("/api/v1/orders", user.token(), "{\"price\": " + (i % 3 == 0 ? 1000 : 3) + "}");
                        crashing.post("/api/v1/chats/" + chatId + "/messages", users.get(0).token(), "{\"text\": \"m" + i + "\"}");
                    } catch (RuntimeException connectionRefusedAfterTheKill) {
                        return;
                    }
                }
            });
        }
        Thread.sleep(3_000);
        app.kill();
        loading.set(false);
        load.shutdown();
        app = start("second");

        Api api = new Api(port);
        String admin = api.adminToken();
        awaitAllCaughtUp(api, admin);
        Map<String, List<Map<String, Object>>> live = readModels();
        String history = api.get("/api/v1/chats/" + chatId + "/messages?limit=200", users.get(0).token()).body();
        for (Api.User user : users) {
            assertBalanceIsTheEvents(api, user);
        }

        for (JsonNode projection : projections(api, admin)) {
            if (projection.get("replayable").asBoolean()) {
                String name = projection.get("name").asString();
                assertThat(api.post("/api/v1/admin/projections/" + name + "/replay", admin, "{}").status()).as(name).isEqualTo(202);
            }
        }
        awaitAllCaughtUp(api, admin);

        Map<String, List<Map<String, Object>>> replayed = readModels();
        for (String table : TABLES) {
            assertThat(replayed.get(table)).as("%s: only live %s, only replayed %s", table,
                    live.get(table).stream().filter(row -> !replayed.get(table).contains(row)).limit(3).toList(),
                    replayed.get(table).stream().filter(row -> !live.get(table).contains(row)).limit(3).toList())
                    .isEqualTo(live.get(table));
        }
        assertThat(api.get("/api/v1/chats/" + chatId + "/messages?limit=200", users.get(0).token()).body()).isEqualTo(history);
    }

    private void assertBalanceIsTheEvents(Api api, Api.User user) {
        List<DomainEventMessage<?>> stored = events.events(AccountIds.forOwner(user.userId()).toString());
        BigDecimal expected = BigDecimal.ZERO;
        for (DomainEventMessage<?> event : stored) {
            if (event.getPayload() instanceof MoneyDeposited deposited) {
                expected = deposited.balance();
            } else {
                expected = balanceOf(event.getPayload(), expected);
            }
        }
        assertThat(api.get("/api/v1/accounts/me", user.token()).json().get("balance").decimalValue())
                .isEqualByComparingTo(expected);
    }

    /** The balance an account event states (every balance-changing event carries the balance after it). */
    private static BigDecimal balanceOf(Object payload, BigDecimal previous) {
        try {
            return (BigDecimal) payload.getClass().getMethod("balance").invoke(payload);
        } catch (NoSuchMethodException noBalance) {
            return previous;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, List<Map<String, Object>>> readModels() {
        Map<String, List<Map<String, Object>>> models = new LinkedHashMap<>();
        TABLES.forEach(table -> models.put(table, jdbc.queryForList("select * from " + table + " order by 1, 2")));
        return models;
    }

    private static void awaitAllCaughtUp(Api api, String admin) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (JsonNode projection : projections(api, admin)) {
                assertThat(projection.get("replaying").asBoolean()).as(projection.toString()).isFalse();
                assertThat(projection.get("lag").asLong()).as(projection.toString()).isZero();
                assertThat(projection.get("parked").asLong()).as(projection.toString()).isZero();
            }
        });
    }

    private static List<JsonNode> projections(Api api, String admin) {
        return StreamSupport.stream(api.get("/api/v1/admin/projections", admin).json().spliterator(), false).toList();
    }

    /** The packaged application as its own process, in this run's mode, against the integration-test stores. */
    private static AppProcess start(String name) throws IOException, InterruptedException {
        return AppProcess.start("replay-after-crash-" + name, PORT, List.of(
                "--spring.profiles.active=" + String.join(",", TestMode.current().profiles()),
                "--spring.config.additional-location=optional:file:src/test/resources/"));
    }
}
