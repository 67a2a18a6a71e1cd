package io.policyhub.app.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.policyhub.api.accounts.AccountIds;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.IntegrationTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

@IntegrationTest
class AccountsApiIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventProcessingConfiguration processing;

    private Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void openedAccountStartsAtZeroInRoubles() {
        UUID user = openAccount();

        Api.Response account = api.get("/api/v1/accounts/me", user);

        assertThat(account.status()).isEqualTo(200);
        assertThat(account.json().get("accountId").asString()).isEqualTo(AccountIds.forOwner(user).toString());
        assertThat(account.json().get("userId").asString()).isEqualTo(user.toString());
        assertThat(account.json().get("balance").decimalValue()).isEqualByComparingTo("0");
        assertThat(account.json().get("currency").asString()).isEqualTo("RUB");
    }

    @Test
    void everyReadDirectlyAfterADepositShowsTheNewBalance() {
        UUID user = openAccount();
        BigDecimal expected = BigDecimal.ZERO;
        for (int i = 1; i <= 25; i++) {
            expected = expected.add(new BigDecimal("10.01"));
            Api.Response deposit = api.post("/api/v1/accounts/me/deposits", user, "{\"amount\": 10.01}");
            assertThat(deposit.status()).isEqualTo(200);
            assertThat(deposit.json().get("balance").decimalValue()).isEqualByComparingTo(expected);

            assertThat(balanceOf(user)).as("read %d right after its deposit", i).isEqualByComparingTo(expected);
        }
    }

    @Test
    void aReadWaitsUntilTheProjectionAppliedTheCallersLastCommand() throws Exception {
        UUID user = openAccount();
        assertThat(balanceOf(user)).isEqualByComparingTo("0");
        StreamingEventProcessor projection = processing.eventProcessor("accounts", StreamingEventProcessor.class)
                .orElseThrow();
        projection.shutDown();
        try {
            assertThat(api.post("/api/v1/accounts/me/deposits", user, "{\"amount\": 7}").status()).isEqualTo(200);

            CompletableFuture<BigDecimal> read = CompletableFuture.supplyAsync(() -> balanceOf(user));

            Thread.sleep(500);
            assertThat(read).as("the read waits while the projection is behind").isNotDone();
            projection.start();
            assertThat(read.get(10, TimeUnit.SECONDS)).isEqualByComparingTo("7");
        } finally {
            projection.start();
        }
    }

    @Test
    void withdrawalLowersTheBalanceAndAnOverdrawIsRefusedWithoutChange() {
        UUID user = openAccount();
        api.post("/api/v1/accounts/me/deposits", user, "{\"amount\": 100}");

        Api.Response withdrawal = api.post("/api/v1/accounts/me/withdrawals", user, "{\"amount\": 30.5}");
        assertThat(withdrawal.status()).isEqualTo(200);
        assertThat(withdrawal.json().get("balance").decimalValue()).isEqualByComparingTo("69.50");

        Api.Response overdraw = api.post("/api/v1/accounts/me/withdrawals", user, "{\"amount\": 69.51}");
        assertThat(overdraw.status()).isEqualTo(409);
        assertThat(overdraw.contentType()).startsWith("application/problem+json");
        assertThat(overdraw.json().get("type").asString()).endsWith("/insufficient-funds");
        assertThat(balanceOf(user)).isEqualByComparingTo("69.50");
    }

    @Test
    void openingTheSameAccountTwiceConflicts() {
        UUID user = openAccount();

        Api.Response again = api.post("/api/v1/accounts", user, "{}");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).endsWith("/already-exists");
        assertThat(eventCount(user)).isEqualTo(1);
    }

    @Test
    void hundredConcurrentWithdrawalsNeverOverdrawTheAccount() throws Exception {
        UUID user = openAccount();
        api.post("/api/v1/accounts/me/deposits", user, "{\"amount\": 1000}");

        List<Callable<Integer>> withdrawals = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            withdrawals.add(() -> api.post("/api/v1/accounts/me/withdrawals", user, "{\"amount\": 15}").status());
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> status : pool.invokeAll(withdrawals)) {
                statuses.add(status.get());
            }
        } finally {
            pool.shutdown();
        }

        long accepted = statuses.stream().filter(status -> status == 200).count();
        long refused = statuses.stream().filter(status -> status == 409).count();
        assertThat(accepted).as("1000 covers 66 withdrawals of 15").isEqualTo(66);
        assertThat(refused).isEqualTo(34);
        assertThat(balanceOf(user)).isEqualByComparingTo("10.00");
        assertThat(eventCount(user)).as("opened + deposit + accepted withdrawals").isEqualTo(2 + 66);
    }

    private UUID openAccount() {
        UUID user = UUID.randomUUID();
        Api.Response opened = api.post("/api/v1/accounts", user, "{}");
        assertThat(opened.status()).isEqualTo(201);
        return user;
    }

    private BigDecimal balanceOf(UUID user) {
        Api.Response account = api.get("/api/v1/accounts/me", user);
        assertThat(account.status()).isEqualTo(200);
        return account.json().get("balance").decimalValue();
    }

    private long eventCount(UUID user) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, AccountIds.forOwner(user).toString());
    }
}
