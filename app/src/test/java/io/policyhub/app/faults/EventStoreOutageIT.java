package io.policyhub.app.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;

import io.policyhub.app.support.Api;
import io.policyhub.app.support.AppProcess;
import io.policyhub.app.support.AxonServerProcess;
import io.policyhub.app.support.LocalInfrastructure;
import io.policyhub.app.support.TestMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The event store killed (SIGKILL) under a deposit load and started again: Axon Server in the Axon
 * Server run, PostgreSQL (with every backend) in the local run. No request is acknowledged unless
 * its deposit is stored, requests during the outage get 503 with Retry-After (never 500), commands
 * are accepted again and the projections catch up within seconds of the store's return. The
 * application runs as a process of its own against an event store of its own.
 */
class EventStoreOutageIT {

    private static final int PORT = 18089;
    private static final int OWN_POSTGRES_PORT = 15433;
    private static final int ACCOUNTS = 4;
    private static final int CLIENTS = 6;

    private static AxonServerProcess axonServer;
    private static LocalInfrastructure postgres;
    private static AppProcess app;

    @BeforeAll
    static void start() throws Exception {
        List<String> arguments = new ArrayList<>(List.of(
                "--policyhub.clickhouse.database=" + TestMode.current().database("policyhub_test"),
                "--policyhub.redis.uri=redis://127.0.0.1:16379/3",
                "--policyhub.security.jwt.key-dir=target/outage-jwt"));
        if (TestMode.axonServer()) {
            String database = "policyhub_outage_axon";
            AxonServerProcess.recreateDatabase(database);
            axonServer = AxonServerProcess.start("outage-axonserver", 18027, 18227);
            arguments.add("--spring.datasource.url=jdbc:postgresql://127.0.0.1:15432/" + database);
            arguments.addAll(TestMode.AXONSERVER.appArguments(axonServer.address()));
        } else {
            // the event store is PostgreSQL: one of the test's own, so that killing it spares everything else
            postgres = LocalInfrastructure.ownPostgres("outage-postgres", OWN_POSTGRES_PORT);
            postgres.run("start", "postgres");
            arguments.add("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + OWN_POSTGRES_PORT + "/policyhub");
            // a request waiting for a connection is told to retry after a second rather than held for
            // Hikari's 30 s, so the 5 s outage is noticed even when no statement was in flight at the kill
            arguments.add("--spring.datasource.hikari.connection-timeout=1000");
            arguments.addAll(TestMode.LOCAL.appArguments(null));
        }
        app = AppProcess.start("outage-" + TestMode.current().name().toLowerCase(), PORT, arguments);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
        if (axonServer != null) {
            axonServer.close();
        }
        if (postgres != null) {
            postgres.run("stop", "postgres");
        }
    }

    private static void killEventStore() throws InterruptedException {
        if (axonServer != null) {
            axonServer.kill();
        } else {
            postgres.run("kill", "postgres");
        }
    }

    private static void restartEventStore() throws Exception {
        if (axonServer != null) {
            axonServer.restart();
        } else {
            postgres.run("start", "postgres");
        }
    }

    @Test
    void killedAndRestartedUnderLoadNoAcknowledgedDepositIsLostAndClientsAreToldToRetry() throws Exception {
        Api api = new Api(PORT);
        List<Api.User> users = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            users.add(api.newUser());
        }
        List<AtomicInteger> sent = counters();
        List<AtomicInteger> acknowledged = counters();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger unavailableWithoutRetryAfter = new AtomicInteger();
        AtomicLong lastAcknowledgedAt = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> load = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int account = client % ACCOUNTS;
            load.add(clients.submit(() -> {
                while (running.get()) {
                    sent.get(account).incrementAndGet();
                    Api.Response response = api.post("/api/v1/accounts/me/deposits", users.get(account).token(), "{\"amount\": 1.00}");
                    statuses.computeIfAbsent(response.status(), status -> new AtomicInteger()).incrementAndGet();
                    if (response.status() == 200) {
                        assertThat(response.json().get("balance")).as("an acknowledged deposit answers its balance").isNotNull();
                        acknowledged.get(account).incrementAndGet();
                        lastAcknowledgedAt.set(System.nanoTime());
                    } else if (response.status() == 503) {
                        if (response.retryAfter() == null) {
                            unavailableWithoutRetryAfter.incrementAndGet();
                        }
                        Thread.sleep(100);
                    }
                }
                return null;
            }));
        }
        Thread.sleep(3000);
        killEventStore();
        Thread.sleep(5000);
        restartEventStore();
        long back = System.nanoTime();
        await("deposits are acknowledged again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> lastAcknowledgedAt.get() > back);
        double commandsBackAfter = (lastAcknowledgedAt.get() - back) / 1e9;
        Thread.sleep(2000);
        running.set(false);
        for (Future<?> client : load) {
            client.get();
        }
        clients.shutdown();

        String admin = api.adminToken();
        await("the projections catch up within seconds, not after a minute of back-off").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(lagOfEveryProcessor(api, admin)).containsOnly(0L));
        double projectionsBackAfter = (System.nanoTime() - back) / 1e9;
        System.out.printf("Event store outage (%s): statuses %s; commands accepted %.1f s and projections caught up %.1f s after its return%n",
                TestMode.current(), statuses, commandsBackAfter, projectionsBackAfter);

        assertThat(statuses.keySet()).as("only acknowledgements and retry-later answers, never a server error").containsOnly(200, 503);
        assertThat(statuses.get(503)).as("the outage was noticed").isNotNull();
        assertThat(unavailableWithoutRetryAfter.get()).as("every 503 says when to retry").isZero();
        for (int account = 0; account < ACCOUNTS; account++) {
            Api.User user = users.get(account);
            int stored = api.get("/api/v1/accounts/me", user.token()).json().get("balance").decimalValue().intValue();
            assertThat(stored).as("acknowledged <= stored <= sent for account %d", account)
                    .isBetween(acknowledged.get(account).get(), sent.get(account).get());
        }
    }

    /** Every processor, also those that handle no deposit: each reads every event, in both modes. */
    private static List<Long> lagOfEveryProcessor(Api api, String admin) {
        JsonNode processors = api.get("/api/v1/admin/projections", admin).json();
        return StreamSupport.stream(processors.spliterator(), false).map(processor -> processor.get("lag").asLong()).toList();
    }

    private static List<AtomicInteger> counters() {
        List<AtomicInteger> counters = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            counters.add(new AtomicInteger());
        }
        return counters;
    }
}
