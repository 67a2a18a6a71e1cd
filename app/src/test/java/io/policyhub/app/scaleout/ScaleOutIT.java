package io.policyhub.app.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.policyhub.api.accounts.AccountIds;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.AppProcess;
import io.policyhub.app.support.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two identical instances of the packaged application on one PostgreSQL, Redis and ClickHouse
 * (databases of their own), with traffic through both, then a SIGKILL of one of them mid-load.
 */
class ScaleOutIT {

    private static final int PORT_A = 18086;
    private static final int PORT_B = 18087;
    private static final int PORT_QUERY_ONLY = 18088;
    private static final String DATABASE = "policyhub_scaleout";
    private static final List<String> SHARED = List.of(
            "--spring.profiles.active=local",
            "--spring.datasource.url=jdbc:postgresql://127.0.0.1:15432/" + DATABASE,
            "--policyhub.clickhouse.database=" + DATABASE,
            "--policyhub.security.jwt.key-dir=target/scaleout-jwt",
            "--policyhub.processing.balance-interval=1s",
            "--policyhub.processing.claim-timeout=3s");
    private static final int ACCOUNTS = 4;
    private static final int CLIENTS = 8;

    private final JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(
            "jdbc:postgresql://127.0.0.1:15432/" + DATABASE, "policyhub", "policyhub"));
    private final List<AppProcess> processes = new ArrayList<>();

    @AfterEach
    void stopInstances() throws InterruptedException {
        for (AppProcess process : processes) {
            process.close();
        }
    }

    @Test
    void twoInstancesShareTheWorkAndOneSurvivesTheOthersKill() throws Exception {
        AppProcess a = start("scaleout-a", PORT_A, List.of());
        AppProcess b = start("scaleout-b", PORT_B, List.of());
        Api apiA = new Api(PORT_A);
        Api apiB = new Api(PORT_B);

        await("segments split between the instances").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(owners("accounts")).hasSize(2));

        List<Api.User> users = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            users.add((i % 2 == 0 ? apiA : apiB).newUser());
        }
        pushesCrossInstances(apiA, users.get(0), users.get(1));

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

        assertThat(refused.get()).as("no conflict reached a client").isZero();
        assertThat(apiB.get("/actuator/prometheus", null).body()).as("concurrent changes of one account were retried")
                .containsPattern("policyhub_command_retries_total [1-9]");
        await("the survivor took every segment over").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(owners("accounts")).containsExactly(b.pid()));
        for (int account = 0; account < ACCOUNTS; account++) {
            Api.User user = users.get(account);
            BigDecimal stored = jdbc.queryForObject("""
                    select coalesce(sum((convert_from(payload, 'UTF8')::json ->> 'amount')::numeric), 0)
                    from domain_event_entry where aggregate_identifier = ? and payload_type like '%MoneyDeposited'""",
                    BigDecimal.class, AccountIds.forOwner(user.userId()).toString());
            assertThat(stored.intValue()).as("every acknowledged deposit is stored")
                    .isBetween(acknowledged.get(account).get(), acknowledged.get(account).get() + uncertain.get(account).get());
            assertThat(acknowledged.get(account).get()).as("deposits of account %d", account).isPositive();
            await("the read model converges").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(apiB.get("/api/v1/accounts/me", user.token()).json().get("balance").decimalValue())
                            .isEqualByComparingTo(stored));
        }
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

    private AppProcess start(String name, int port, List<String> roles) throws Exception {
        List<String> arguments = new ArrayList<>(SHARED);
        arguments.addAll(roles);
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
