package io.policyhub.app.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import io.policyhub.api.accounts.AccountIds;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.Concurrently;
import io.policyhub.app.support.EventLog;
import io.policyhub.app.support.IntegrationTest;
import io.policyhub.app.support.TestMode;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class AccountsApiIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventLog events;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    Cache accountAggregateCache;

    private static final String DEPOSITS = "/api/v1/accounts/me/deposits";
    private static final String WITHDRAWALS = "/api/v1/accounts/me/withdrawals";
    private static final String JSON = "application/json";

    private Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void registrationOpensAnAccountAtZeroInRoubles() {
        Api.User user = openAccount();

        Api.Response account = api.get("/api/v1/accounts/me", user.token());

        assertThat(account.status()).isEqualTo(200);
        assertThat(account.json().get("accountId").asString()).isEqualTo(AccountIds.forOwner(user.userId()).toString());
        assertThat(account.json().get("userId").asString()).isEqualTo(user.userId().toString());
        assertThat(account.json().get("balance").decimalValue()).isEqualByComparingTo("0");
        assertThat(account.json().get("currency").asString()).isEqualTo("RUB");
    }

    @Test
    void everyReadDirectlyAfterADepositShowsTheNewBalance() {
        Api.User user = openAccount();
        BigDecimal expected = BigDecimal.ZERO;
        for (int i = 1; i <= 25; i++) {
            expected = expected.add(new BigDecimal("10.01"));
            Api.Response deposit = api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 10.01}");
            assertThat(deposit.status()).isEqualTo(200);
            assertThat(deposit.json().get("balance").decimalValue()).isEqualByComparingTo(expected);

            assertThat(balanceOf(user)).as("read %d right after its deposit", i).isEqualByComparingTo(expected);
        }
    }

    @Test
    void aReadWaitsForTheProjectionAndAnswers503InsteadOfTheOldBalanceWhenItStaysBehind() throws Exception {
        Api.User user = openAccount();
        assertThat(balanceOf(user)).isEqualByComparingTo("0");
        StreamingEventProcessor projection = processing.eventProcessor("accounts", StreamingEventProcessor.class)
                .orElseThrow();
        projection.shutDown();
        try {
            assertThat(api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 7}").status()).isEqualTo(200);

            Api.Response stale = api.get("/api/v1/accounts/me", user.token());

            assertThat(stale.status()).as("the wait ran out: " + stale.body()).isEqualTo(503);
            assertThat(stale.contentType()).startsWith("application/problem+json");
            assertThat(stale.json().get("type").asString()).endsWith("/stale-read-model");
            assertThat(stale.retryAfter()).isNotBlank();
            JsonNode behind = accountsProjection();
            assertThat(behind.get("lag").asLong()).as("the deposit is not applied").isPositive();
            assertThat(behind.get("lagSeconds").asLong()).as("for as long as the read waited").isGreaterThanOrEqualTo(4);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(accountsGauge("policyhub_processor_lag")).as("the lag gauge, in events").isPositive();
                assertThat(accountsGauge("policyhub_processor_lag_seconds")).as("the lag gauge, in seconds").isGreaterThanOrEqualTo(4);
            });

            CompletableFuture<BigDecimal> read = CompletableFuture.supplyAsync(() -> balanceOf(user));
            Thread.sleep(500);
            assertThat(read).as("the read waits while the projection is behind").isNotDone();
            projection.start();
            assertThat(read.get(10, TimeUnit.SECONDS)).as("served once the projection caught up").isEqualByComparingTo("7");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(accountsProjection().get("lagSeconds").asLong()).isZero());
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(accountsGauge("policyhub_processor_lag_seconds")).as("the lag gauge once caught up").isZero());
        } finally {
            projection.start();
        }
    }

    /** The accounts processor's gauge as Prometheus scrapes it (a snapshot at most policyhub.processing.lag-refresh old). */
    private double accountsGauge(String name) {
        Matcher gauge = Pattern.compile("^" + name + "\\{processor=\"accounts\"} (\\S+)$", Pattern.MULTILINE)
                .matcher(api.get("/actuator/prometheus", null).body());
        assertThat(gauge.find()).as(name + " is scraped").isTrue();
        return Double.parseDouble(gauge.group(1));
    }

    private JsonNode accountsProjection() {
        return StreamSupport.stream(api.get("/api/v1/admin/projections", api.adminToken()).json().spliterator(), false)
                .filter(processor -> processor.get("name").asString().equals("accounts")).findFirst().orElseThrow();
    }

    @Test
    void withdrawalLowersTheBalanceAndAnOverdrawIsRefusedWithoutChange() {
        Api.User user = openAccount();
        api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 100}");

        Api.Response withdrawal = api.post("/api/v1/accounts/me/withdrawals", user.token(), "{\"amount\": 30.5}");
        assertThat(withdrawal.status()).isEqualTo(200);
        assertThat(withdrawal.json().get("balance").decimalValue()).isEqualByComparingTo("69.50");

        Api.Response overdraw = api.post("/api/v1/accounts/me/withdrawals", user.token(), "{\"amount\": 69.51}");
        assertThat(overdraw.status()).isEqualTo(409);
        assertThat(overdraw.contentType()).startsWith("application/problem+json");
        assertThat(overdraw.json().get("type").asString()).endsWith("/insufficient-funds");
        assertThat(balanceOf(user)).isEqualByComparingTo("69.50");
    }

    @Test
    void openingTheSameAccountTwiceConflicts() {
        Api.User user = openAccount();

        Api.Response again = api.post("/api/v1/accounts", user.token(), "{}");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).endsWith("/already-exists");
        assertThat(eventCount(user)).isEqualTo(1);
    }

    @Test
    void hundredConcurrentWithdrawalsNeverOverdrawTheAccount() throws Exception {
        Api.User user = openAccount();
        api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 1000}");

        List<Integer> statuses = Concurrently.run(100, 32,
                i -> api.post("/api/v1/accounts/me/withdrawals", user.token(), "{\"amount\": 15}").status());

        long accepted = statuses.stream().filter(status -> status == 200).count();
        long refused = statuses.stream().filter(status -> status == 409).count();
        assertThat(accepted).as("1000 covers 66 withdrawals of 15").isEqualTo(66);
        assertThat(refused).isEqualTo(34);
        assertThat(balanceOf(user)).isEqualByComparingTo("10.00");
        assertThat(eventCount(user)).as("opened + deposit + accepted withdrawals").isEqualTo(2 + 66);
    }

    @Test
    void aLongAccountIsLoadedFromItsSnapshot() {
        Api.User user = openAccount();
        String accountId = AccountIds.forOwner(user.userId()).toString();
        for (int i = 0; i < 105; i++) {
            assertThat(api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 1}").status()).isEqualTo(200);
        }
        long snapshot = await().atMost(Duration.ofSeconds(20)).until(() -> events.snapshotSequence(accountId).orElse(-1L),
                sequence -> sequence >= 99);

        // only the snapshot knows the balance now: the events it covers are set aside, and the cached aggregate with them
        // (Axon Server's event log is append-only: there the load from the snapshot is checked without the removal)
        List<Map<String, Object>> covered = TestMode.axonServer() ? List.of() : jdbc.queryForList(
                "select * from domain_event_entry where aggregate_identifier = ? and sequence_number <= ?", accountId, snapshot);
        jdbc.update("delete from domain_event_entry where aggregate_identifier = ? and sequence_number <= ?",
                accountId, TestMode.axonServer() ? -1 : snapshot);
        accountAggregateCache.removeAll();
        try {
            Api.Response withdrawal = api.post("/api/v1/accounts/me/withdrawals", user.token(), "{\"amount\": 105}");
            assertThat(withdrawal.status()).isEqualTo(200);
            assertThat(withdrawal.json().get("balance").decimalValue()).isEqualByComparingTo("0");
        } finally {
            // back in place: the store stays whole, so any later replay rebuilds this account too
            covered.forEach(row -> jdbc.update("insert into domain_event_entry (" + String.join(", ", row.keySet()) + ") values ("
                    + String.join(", ", Collections.nCopies(row.size(), "?")) + ")", row.values().toArray()));
        }
    }

    @Test
    void aKeyedDepositRetriedOrRacedMovesMoneyOnce() throws Exception {
        Api.User user = openAccount();
        String accountId = AccountIds.forOwner(user.userId()).toString();
        List<Api.Response> answers = Concurrently.run(16, 16, i -> api.post(DEPOSITS, user.token(), JSON, "{\"amount\": 25.50}", "pay-1"));
        assertThat(answers).extracting(Api.Response::status).containsOnly(200);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.json().get("balance").decimalValue()).isEqualByComparingTo("25.50"));

        accountAggregateCache.removeAll(); // the key lives in the events, not only in a cached aggregate
        Api.Response retried = api.post(DEPOSITS, user.token(), JSON, "{\"amount\": 25.5}", "pay-1");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("balance").decimalValue()).as("the first answer").isEqualByComparingTo("25.50");
        assertThat(events.count(accountId, "MoneyDeposited")).isEqualTo(1);

        Api.Response reused = api.post(DEPOSITS, user.token(), JSON, "{\"amount\": 30}", "pay-1");
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.json().get("type").asString()).endsWith("/problems/idempotency-key-reused");
        assertThat(balanceOf(user)).isEqualByComparingTo("25.50");

        Api.Response withdrawal = api.post(WITHDRAWALS, user.token(), JSON, "{\"amount\": 5}", "pay-1");
        assertThat(withdrawal.status()).as("keys are scoped by operation").isEqualTo(200);
        assertThat(withdrawal.json().get("balance").decimalValue()).isEqualByComparingTo("20.50");
        assertThat(api.post(WITHDRAWALS, user.token(), JSON, "{\"amount\": 5}", "pay-1").json().get("balance").decimalValue())
                .isEqualByComparingTo("20.50");
        assertThat(api.post(WITHDRAWALS, user.token(), JSON, "{\"amount\": 6}", "pay-1").status()).isEqualTo(422);

        Api.User other = openAccount();
        Api.Response othersDeposit = api.post(DEPOSITS, other.token(), JSON, "{\"amount\": 1}", "pay-1");
        assertThat(othersDeposit.status()).as("and by caller").isEqualTo(200);
        assertThat(othersDeposit.json().get("balance").decimalValue()).isEqualByComparingTo("1.00");
        assertThat(balanceOf(user)).isEqualByComparingTo("20.50");
        assertThat(eventCount(user)).as("opened, one deposit, one withdrawal").isEqualTo(3);

        assertThat(api.post(DEPOSITS, user.token(), JSON, "{\"amount\": 1}", " ").status()).isEqualTo(400);
        assertThat(api.post(DEPOSITS, user.token(), JSON, "{\"amount\": 1}", "k".repeat(129)).status()).isEqualTo(400);
        assertThat(balanceOf(user)).isEqualByComparingTo("20.50");
    }

    /** Registration opens the account. */
    private Api.User openAccount() {
        return api.newUser();
    }

    private BigDecimal balanceOf(Api.User user) {
        Api.Response account = api.get("/api/v1/accounts/me", user.token());
        assertThat(account.status()).isEqualTo(200);
        return account.json().get("balance").decimalValue();
    }

    private long eventCount(Api.User user) {
        return events.count(AccountIds.forOwner(user.userId()).toString());
    }
}
