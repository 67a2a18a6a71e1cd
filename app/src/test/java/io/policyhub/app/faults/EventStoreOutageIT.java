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
import io.policyhub.app.support.TestMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Axon Server killed (SIGKILL) under a deposit load and started again: no request is acknowledged
 * unless its deposit is stored, requests during the outage get 503 with Retry-After (never 500),
 * commands are accepted again and the projections catch up within seconds of the server's return.
 * Runs in the Axon Server run only, with a server and database of its own.
 */
class AxonServerOutageIT {

    private static final int PORT = 18089;
    private static final String DATABASE = "policyhub_outage_axon";
    private static final int ACCOUNTS = 4;
    private static final int CLIENTS = 6;

    private static AxonServerProcess axonServer;
    private static AppProcess app;

    @BeforeAll
    static void start() throws Exception {
        AxonServerProcess.recreateDatabase(DATABASE);
        axonServer = AxonServerProcess.start("outage-axonserver", 18027, 18227);
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:15432/" + DATABASE,
                "--policyhub.clickhouse.database=" + TestMode.AXONSERVER.database("policyhub_test"),
                "--policyhub.redis.uri=redis://127.0.0.1:16379/3",
                "--policyhub.security.jwt.key-dir=target/outage-jwt"));
        arguments.addAll(TestMode.AXONSERVER.appArguments(axonServer.address()));
        app = AppProcess.start("outage", PORT, arguments);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
        if (axonServer != null) {
            axonServer.close();
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
        axonServer.kill();
        Thread.sleep(5000);
        axonServer.restart();
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
                assertThat(accountsLag(api, admin)).isZero());
        double projectionsBackAfter = (System.nanoTime() - back) / 1e9;
        System.out.printf("Axon Server outage: statuses %s; commands accepted %.1f s and projections caught up %.1f s after its return%n",
                statuses, commandsBackAfter, projectionsBackAfter);

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

    private static long accountsLag(Api api, String admin) {
        JsonNode processors = api.get("/api/v1/admin/projections", admin).json();
        return StreamSupport.stream(processors.spliterator(), false)
                .filter(processor -> processor.get("name").asString().equals("accounts"))
                .findFirst().orElseThrow().get("lag").asLong();
    }

    private static List<AtomicInteger> counters() {
        List<AtomicInteger> counters = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            counters.add(new AtomicInteger());
        }
        return counters;
    }
}
