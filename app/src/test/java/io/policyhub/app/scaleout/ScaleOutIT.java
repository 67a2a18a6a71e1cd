package io.policyhub.app.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.policyhub.app.support.Api;
import io.policyhub.app.support.AppProcess;
import io.policyhub.app.support.AxonServerProcess;
import io.policyhub.app.support.Concurrently;
import io.policyhub.app.support.TestMode;
import io.policyhub.app.support.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * Two identical instances of the packaged application on one PostgreSQL, Redis and ClickHouse
 * (databases of their own), with traffic through both, then a SIGKILL of one of them mid-load.
 */
class ScaleOutIT {

    private static final int PORT_A = 18086;
    private static final int PORT_B = 18087;
    private static final int PORT_QUERY_ONLY = 18088;
    private static final String DATABASE = TestMode.current().database("policyhub_scaleout");
    private static final List<String> SHARED = List.of(
            "--spring.datasource.url=jdbc:postgresql://127.0.0.1:15432/" + DATABASE,
            "--policyhub.clickhouse.database=" + DATABASE,
            "--policyhub.security.jwt.key-dir=target/scaleout-jwt",
            "--policyhub.processing.balance-interval=1s",
            "--policyhub.processing.claim-timeout=3s",
            // a deposit Axon Server routed to the killed instance is answered 503 after this, not after Axon Server's five minutes
            "--policyhub.commands.timeout=5s");
    /** In the Axon Server run, the instances' own Axon Server (and a database whose tokens match its fresh event store). */
    private static AxonServerProcess axonServer;
    private static final int ACCOUNTS = 4;
    private static final int CLIENTS = 8;

    private final JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(
            "jdbc:postgresql://127.0.0.1:15432/" + DATABASE, "policyhub", "policyhub"));
    private final List<AppProcess> processes = new ArrayList<>();

    @BeforeAll
    static void startAxonServer() throws Exception {
        if (TestMode.axonServer()) {
            AxonServerProcess.recreateDatabase(DATABASE);
            axonServer = AxonServerProcess.start("scaleout-axonserver", 18025, 18225);
        }
    }

    @AfterAll
    static void stopAxonServer() throws InterruptedException {
        if (axonServer != null) {
            axonServer.close();
        }
    }

    @AfterEach
    void stopInstances() throws InterruptedException {
        for (AppProcess process : processes) {
            process.close();
        }
    }

    @Test
    void twoInstancesShareTheWorkAndOneSurvivesTheOthersKill() throws Exception {
        List<AppProcess> instances = startTwoSharingTheSegments(List.of());
        AppProcess a = instances.get(0);
        AppProcess b = instances.get(1);
        Api apiA = new Api(PORT_A);
        Api apiB = new Api(PORT_B);

        List<Api.User> users = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            users.add((i % 2 == 0 ? apiA : apiB).newUser());
        }
        pushesCrossInstances(apiA, users.get(0), users.get(1));
        guessesAreCountedOnceForBothInstancesWhateverAddressTheyClaim(apiA, apiB, users.get(2));
        aLogoutOnOneInstanceEndsTheTokenOnTheOther(apiA, apiB, users.get(3));

        // every account gets deposits through both instances at once; A dies half-way
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean aAlive = new AtomicBoolean(true);
        List<AtomicInteger> acknowledged = counters();
        List<AtomicInteger> uncertain = counters();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> load = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int account = client % ACCOUNTS;
            boolean startOnA = client % 2 == 0;
            load.add(clients.submit(() -> {
                boolean onA = startOnA;
                while (running.get()) {
                    Api api = onA && aAlive.get() ? apiA : apiB;
                    try {
                        Api.Response response = api.post("/api/v1/accounts/me/deposits", users.get(account).token(),
                                "{\"amount\": 1.00}");
                        if (response.status() == 200) {
                            acknowledged.get(account).incrementAndGet();
                        } else if (response.status() == 503 && response.retryAfter() != null) {
                            // the instance that handled it died: its outcome is unknown, and the client is told to retry
                            uncertain.get(account).incrementAndGet();
                        } else {
                            refused.incrementAndGet();
                        }
                    } catch (IllegalStateException connectionLost) {
                        // the request may or may not have been committed before the instance died
                        uncertain.get(account).incrementAndGet();
                    }
                    onA = !onA;
                }
            }));
        }
        Thread.sleep(3000);
        a.kill();
        aAlive.set(false);
        Thread.sleep(3000);
        running.set(false);
        for (Future<?> client : load) {
            client.get();
        }
        clients.shutdown();

        assertThat(refused.get()).as("no conflict or error reached a client").isZero();
        if (!TestMode.axonServer()) {
            // Axon Server routes every command of one aggregate to one instance: there the two never race
            assertThat(apiB.get("/actuator/prometheus", null).body()).as("concurrent changes of one account were retried")
                    .containsPattern("policyhub_command_retries_total [1-9]");
        }
        await("the survivor took every segment over").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(owners("accounts")).containsExactly(b.pid()));
        for (int account = 0; account < ACCOUNTS; account++) {
            Api.User user = users.get(account);
            int acked = acknowledged.get(account).get();
            int unknown = uncertain.get(account).get();
            assertThat(acked).as("deposits of account %d", account).isPositive();
            // the balance is built from the stored deposits only: it reaches every acknowledged one, and no more than were sent
            await("every acknowledged deposit is stored, and the read model converges").atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(apiB.get("/api/v1/accounts/me", user.token()).json().get("balance")
                            .decimalValue().intValue()).isBetween(acked, acked + unknown));
        }
    }

    @Test
    void aReplayStopsTheProcessorOnEveryInstanceResetsOnceAndRebuildsTheReadModel() throws Exception {
        List<AppProcess> instances = startTwoSharingTheSegments(List.of());
        Api apiA = new Api(PORT_A);
        Api apiB = new Api(PORT_B);
        for (int i = 0; i < 6; i++) {
            Api api = i % 2 == 0 ? apiA : apiB;
            Api.User user = api.newUser();
            assertThat(api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": " + (i + 1) + ".50}").status()).isEqualTo(200);
            assertThat(api.get("/api/v1/accounts/me", user.token()).status()).isEqualTo(200);
        }
        List<Map<String, Object>> before = jdbc.queryForList("select * from account_balance order by 1");
        String admin = apiA.adminToken();

        assertThat(apiA.post("/api/v1/admin/projections/accounts/replay", admin, "{}").status()).isEqualTo(202);

        await("the replay ran on both instances and the processor runs again everywhere").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    JsonNode status = projection(apiB, admin, "accounts");
                    assertThat(status.get("replay").get("state").asString()).isEqualTo("RESET");
                    assertThat(status.get("replaying").asBoolean()).isFalse();
                    assertThat(status.get("lag").asLong()).isZero();
                    assertThat(status.get("instances")).extracting(instance -> instance.get("status").asString())
                            .containsExactly("RUNNING", "RUNNING");
                    assertThat(jdbc.queryForList("select * from account_balance order by 1")).isEqualTo(before);
                });
        assertThat(jdbc.queryForList("select node_id from processor_replay_stops where processor_name = 'accounts'"
                + " and generation = (select generation from processor_replays where processor_name = 'accounts')", String.class))
                .as("both instances stopped the processor for this replay")
                .containsExactlyInAnyOrder(instances.get(0).pid() + "@" + host(), instances.get(1).pid() + "@" + host());
        Api.User later = apiB.newUser();
        assertThat(apiB.post("/api/v1/accounts/me/deposits", later.token(), "{\"amount\": 3}").status()).isEqualTo(200);
        assertThat(apiA.get("/api/v1/accounts/me", later.token()).json().get("balance").decimalValue().intValue())
                .as("the rebuilt projection goes on with new events").isEqualTo(3);
    }

    @Test
    void aReplayThatCannotCompleteGivesUpAndLeavesNoProcessorStopped() throws Exception {
        startTwoSharingTheSegments(List.of("--policyhub.processing.replay-timeout=4s"));
        Api apiA = new Api(PORT_A);
        Api apiB = new Api(PORT_B);
        // an instance that is alive (it beats) but never stops its processor
        AtomicBoolean beating = new AtomicBoolean(true);
        Thread ghost = new Thread(() -> {
            while (beating.get()) {
                jdbc.update("""
                        insert into processor_nodes (processor_name, node_id, heartbeat_at, state) values ('accounts', 'ghost', now(), 'RUNNING')
                        on conflict (processor_name, node_id) do update set heartbeat_at = now()""");
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        ghost.start();
        try {
            String admin = apiA.adminToken();
            assertThat(apiB.post("/api/v1/admin/projections/accounts/replay", admin, "{}").status()).isEqualTo(202);

            await("the replay gave up and every instance runs the processor again").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                        JsonNode status = projection(apiA, admin, "accounts");
                        assertThat(status.get("replay").get("state").asString()).isEqualTo("FAILED");
                        assertThat(status.get("replay").get("detail").asString()).contains("ghost");
                        assertThat(status.get("replaying").asBoolean()).isFalse();
                        assertThat(status.get("instances")).extracting(instance -> instance.get("status").asString())
                                .containsExactly("RUNNING", "RUNNING", "RUNNING");
                    });
        } finally {
            beating.set(false);
            ghost.join();
            jdbc.update("delete from processor_nodes where node_id = 'ghost'");
        }
        Api.User user = apiB.newUser();
        assertThat(apiB.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 4}").status()).isEqualTo(200);
        assertThat(apiA.get("/api/v1/accounts/me", user.token()).json().get("balance").decimalValue().intValue())
                .as("the projection still follows new events").isEqualTo(4);
    }

    private static JsonNode projection(Api api, String admin, String name) {
        Api.Response list = api.get("/api/v1/admin/projections", admin);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return StreamSupport.stream(list.json().spliterator(), false)
                .filter(processor -> processor.get("name").asString().equals(name)).findFirst().orElseThrow();
    }

    private static String host() {
        String node = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
        return node.substring(node.indexOf('@') + 1);
    }

    @Test
    void aRoleCanRunAlone() throws Exception {
        start("scaleout-all", PORT_A, List.of());
        AppProcess queryOnly = start("scaleout-query", PORT_QUERY_ONLY, List.of("--policyhub.roles.command=false",
                "--policyhub.roles.projections=false", "--policyhub.roles.messenger=false"));
        Api.User user = new Api(PORT_A).newUser();
        Api query = new Api(PORT_QUERY_ONLY);

        assertThat(query.get("/api/v1/accounts/me", user.token()).status()).as("queries are served").isEqualTo(200);
        assertThat(query.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 1}").status())
                .as("no command endpoints").isEqualTo(404);
        assertThat(query.get("/api/v1/chats", user.token()).status()).as("no messenger endpoints").isEqualTo(404);
        Thread.sleep(2000);
        assertThat(jdbc.queryForList("select distinct node_id from processor_nodes", String.class))
                .as("no event processors").noneMatch(node -> node.startsWith(queryOnly.pid() + "@"));
    }

    /**
     * A parallel burst of guesses split over both instances gets the budget's 5 checks in all: the
     * reservation is taken in Redis before the check. These instances trust no proxy, so each guess
     * claiming another X-Forwarded-For is still counted against the one real address.
     */
    private void guessesAreCountedOnceForBothInstancesWhateverAddressTheyClaim(Api apiA, Api apiB, Api.User victim) throws Exception {
        List<Integer> statuses = Concurrently.run(20, 20, i -> (i % 2 == 0 ? apiA : apiB).from(Api.randomAddress())
                .login(victim.username(), "guess-number-" + i).status());
        assertThat(statuses).containsOnly(401, 429);
        assertThat(statuses.stream().filter(status -> status == 401)).hasSize(5);
    }

    private void aLogoutOnOneInstanceEndsTheTokenOnTheOther(Api apiA, Api apiB, Api.User user) {
        String token = apiA.login(user.username(), Api.PASSWORD).json().get("accessToken").asString();
        assertThat(apiB.get("/api/v1/accounts/me", token).status()).isEqualTo(200);
        assertThat(apiA.post("/api/v1/auth/logout", token, "{}").status()).isEqualTo(204);
        assertThat(apiB.get("/api/v1/accounts/me", token).status()).as("no cache outlives the logout").isEqualTo(401);
    }

    /** A client on instance B receives the message that was sent through instance A. */
    private void pushesCrossInstances(Api apiA, Api.User alice, Api.User bob) {
        Api.Response chat = apiA.post("/api/v1/chats", alice.token(), "{\"companionId\": \"" + bob.userId() + "\"}");
        assertThat(chat.status()).as(chat.body()).isEqualTo(201);
        String chatId = chat.json().get("chatId").asString();
        try (WebSocketClient bobOnB = WebSocketClient.connect(PORT_B, bob.token())) {
            bobOnB.subscribe("chat:" + chatId);
            assertThat(bobOnB.next("subscribed", Duration.ofSeconds(10))).isNotNull();
            assertThat(apiA.post("/api/v1/chats/" + chatId + "/messages", alice.token(), "{\"text\": \"via A\"}").status())
                    .isEqualTo(202);
            assertThat(bobOnB.next("event", Duration.ofSeconds(20)).get("payload").get("text").asString()).isEqualTo("via A");
        }
    }

    private List<Long> owners(String processor) {
        return jdbc.queryForList("select owner from token_entry where processor_name = ? order by segment", String.class, processor)
                .stream().map(owner -> owner == null ? -1L : Long.parseLong(owner.substring(0, owner.indexOf('@'))))
                .distinct().toList();
    }

    /** Instances A and B, started one after the other, once each holds a segment of every processor. */
    private List<AppProcess> startTwoSharingTheSegments(List<String> arguments) throws Exception {
        List<AppProcess> instances = List.of(start("scaleout-a", PORT_A, arguments), start("scaleout-b", PORT_B, arguments));
        await("segments split between the instances").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(owners("accounts")).hasSize(2));
        return instances;
    }

    private AppProcess start(String name, int port, List<String> roles) throws Exception {
        List<String> arguments = new ArrayList<>(SHARED);
        arguments.addAll(roles);
        arguments.addAll(TestMode.current().appArguments(axonServer == null ? null : axonServer.address()));
        AppProcess process = AppProcess.start(name, port, arguments);
        processes.add(process);
        return process;
    }

    private static List<AtomicInteger> counters() {
        List<AtomicInteger> counters = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            counters.add(new AtomicInteger());
        }
        return counters;
    }
}
