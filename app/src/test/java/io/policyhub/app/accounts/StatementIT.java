package io.policyhub.app.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import io.policyhub.api.accounts.AccountIds;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.IntegrationTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v1/accounts/me/statement}: every movement with its running balance, paged, as of any moment, as CSV. */
@IntegrationTest
class StatementIT {

    private static final String STATEMENT = "/api/v1/accounts/me/statement";

    @LocalServerPort
    int port;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    JdbcTemplate jdbc;

    private Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void everyMovementNewestFirstWithTheBalanceItLeftAndARejectedOrderLeavesNoTrace() {
        Api.User user = api.newUser();
        assertThat(api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 100}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/accounts/me/withdrawals", user.token(), "{\"amount\": 30.5}").status()).isEqualTo(200);
        String paid = api.post("/api/v1/orders", user.token(), "{\"price\": 20}").json().get("orderId").asString();
        String rejected = api.post("/api/v1/orders", user.token(), "{\"price\": 1000}").json().get("orderId").asString();
        assertThat(api.get("/api/v1/orders/" + paid, user.token()).json().get("status").asString()).isEqualTo("PAID");
        assertThat(api.get("/api/v1/orders/" + rejected, user.token()).json().get("status").asString()).isEqualTo("REJECTED");

        JsonNode statement = api.get(STATEMENT, user.token()).json();

        assertThat(statement.get("balance").decimalValue()).isEqualByComparingTo("49.50");
        assertThat(statement.get("nextCursor").isNull()).isTrue();
        List<JsonNode> entries = list(statement.get("entries"));
        assertThat(entries).extracting(entry -> entry.get("kind").asString())
                .containsExactly("ORDER_DEBIT", "WITHDRAWAL", "DEPOSIT");
        assertThat(entries).extracting(entry -> entry.get("amount").decimalValue())
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("-20"), new BigDecimal("-30.5"), new BigDecimal("100"));
        assertThat(entries).extracting(entry -> entry.get("balanceAfter").decimalValue())
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("49.5"), new BigDecimal("69.5"), new BigDecimal("100"));
        assertThat(entries.get(0).get("orderId").asString()).isEqualTo(paid);
        assertThat(entries.get(1).get("orderId").isNull()).isTrue();
        assertThat(entries).extracting(entry -> entry.get("entryId").asString()).doesNotHaveDuplicates().doesNotContainNull();
    }

    @Test
    void theCursorWalksEveryEntryOnceWhileNewMovementsArrive() {
        Api.User user = api.newUser();
        for (int i = 1; i <= 7; i++) {
            api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": " + i + "}");
        }
        List<BigDecimal> seen = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = api.get(STATEMENT + "?limit=3&cursor=" + cursor, user.token()).json();
            list(page.get("entries")).forEach(entry -> seen.add(entry.get("amount").decimalValue()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
            // a deposit between two pages is on the first page of a new walk, not in this one
            api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 100}");
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).usingElementComparator(BigDecimal::compareTo).containsExactly(
                new BigDecimal(7), new BigDecimal(6), new BigDecimal(5), new BigDecimal(4), new BigDecimal(3),
                new BigDecimal(2), new BigDecimal(1));
    }

    @Test
    void asOfAMomentAnswersTheBalanceAndTheMovementsAsTheyStoodThen() throws Exception {
        Api.User user = api.newUser();
        Instant beforeAny = Instant.now();
        api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 10}");
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 5}");

        JsonNode then = api.get(STATEMENT + "?asOf=" + encoded(between), user.token()).json();
        JsonNode empty = api.get(STATEMENT + "?asOf=" + encoded(beforeAny), user.token()).json();

        assertThat(then.get("balance").decimalValue()).isEqualByComparingTo("10");
        assertThat(Instant.parse(then.get("asOf").asString())).isEqualTo(between.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(list(then.get("entries"))).extracting(entry -> entry.get("amount").decimalValue())
                .usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal(10));
        assertThat(empty.get("balance").decimalValue()).isEqualByComparingTo("0");
        assertThat(list(empty.get("entries"))).isEmpty();
        assertThat(api.get(STATEMENT, user.token()).json().get("balance").decimalValue()).isEqualByComparingTo("15");
    }

    @Test
    void csvCarriesTheSameEntries() {
        Api.User user = api.newUser();
        api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 12.34}");
        api.post("/api/v1/accounts/me/withdrawals", user.token(), "{\"amount\": 2}");
        JsonNode json = api.get(STATEMENT, user.token()).json();

        Api.Response csv = api.raw("GET", STATEMENT, Map.of("Accept", "text/csv", "Authorization", "Bearer " + user.token(),
                "X-Forwarded-For", Api.randomAddress()), null);

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("entryId,kind,amount,balanceAfter,orderId,occurredAt");
        assertThat(lines.subList(1, lines.size())).containsExactly(
                list(json.get("entries")).stream().map(entry -> String.join(",", entry.get("entryId").asString(),
                        entry.get("kind").asString(), entry.get("amount").decimalValue().toPlainString(),
                        entry.get("balanceAfter").decimalValue().toPlainString(), "",
                        Instant.parse(entry.get("occurredAt").asString()).toString())).toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0} is refused with 400")
    @ValueSource(strings = {"limit=0", "limit=501", "limit=x", "cursor=bm9wZQ", "cursor=%00", "cursor=YmVmb3JlOi0x",
            "asOf=yesterday", "asOf=2026-13-01T00:00:00Z"})
    void badParametersAreRefusedWithAProblem(String query) {
        Api.User user = api.newUser();

        Api.Response answer = api.get(STATEMENT + "?" + query, user.token());

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    @Test
    void withoutATokenThereIsNoStatement() {
        assertThat(api.get(STATEMENT, null).status()).isEqualTo(401);
    }

    @Test
    void whileTheReadModelIsBehindTheEventsAnswerTheSameStatements() throws Exception {
        Api.User user = api.newUser();
        StreamingEventProcessor projection = processing.eventProcessor("accounts", StreamingEventProcessor.class).orElseThrow();
        projection.shutDown();
        List<String> reads = List.of("?limit=2", "?limit=50", "?asOf=%s", "?asOf=%s&limit=1");
        List<JsonNode> fromEvents = new ArrayList<>();
        String between;
        try {
            api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 40}");
            api.post("/api/v1/orders", user.token(), "{\"price\": 15}");
            api.post("/api/v1/orders", user.token(), "{\"price\": 1000}");
            Thread.sleep(20);
            between = encoded(Instant.now());
            Thread.sleep(20);
            assertThat(api.post("/api/v1/accounts/me/withdrawals", user.token(), "{\"amount\": 5}").status()).isEqualTo(200);

            reads.forEach(read -> fromEvents.add(withoutAsOf(api.get(STATEMENT + read.formatted(between), user.token()).json())));
        } finally {
            projection.start();
        }
        assertThat(fromEvents.get(1).get("balance").decimalValue()).as("answered while the read model applied nothing")
                .isEqualByComparingTo("20");
        assertThat(list(fromEvents.get(0).get("entries"))).extracting(entry -> entry.get("kind").asString())
                .containsExactly("WITHDRAWAL", "ORDER_DEBIT");
        assertThat(fromEvents.get(2).get("balance").decimalValue()).isEqualByComparingTo("25");
        api.get("/api/v1/accounts/me", user.token()); // read-your-writes: returns once the projection caught up

        List<JsonNode> fromReadModel = reads.stream()
                .map(read -> withoutAsOf(api.get(STATEMENT + read.formatted(between), user.token()).json())).toList();

        assertThat(fromReadModel).isEqualTo(fromEvents);
        String next = fromEvents.get(0).get("nextCursor").asString();
        assertThat(list(api.get(STATEMENT + "?limit=2&cursor=" + next, user.token()).json().get("entries")))
                .extracting(entry -> entry.get("kind").asString()).containsExactly("DEPOSIT");
    }

    /** Accounts opened before the statements existed: the read model does not answer for them, the events do. */
    @Test
    void anAccountTheReadModelDidNotSeeOpenIsAnsweredFromTheEvents() {
        Api.User user = api.newUser();
        api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 10}");
        api.get("/api/v1/accounts/me", user.token());
        UUID account = AccountIds.forOwner(user.userId());
        // as a release that adds the statements finds an older account: not marked complete, no entries
        jdbc.update("update account_balance set statement_complete = false where account_id = ?", account);
        jdbc.update("delete from account_statement where account_id = ?", account);

        api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 5}");
        api.get("/api/v1/accounts/me", user.token());
        JsonNode statement = api.get(STATEMENT, user.token()).json();

        assertThat(statement.get("balance").decimalValue()).isEqualByComparingTo("15");
        assertThat(list(statement.get("entries"))).extracting(entry -> entry.get("amount").decimalValue())
                .usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal(5), new BigDecimal(10));
        assertThat(jdbc.queryForObject("select statement_complete from account_balance where account_id = ?", Boolean.class, account))
                .as("a later movement does not make the read model answer for a history it lacks").isFalse();
    }

    private static JsonNode withoutAsOf(JsonNode statement) {
        ((tools.jackson.databind.node.ObjectNode) statement).remove("asOf");
        return statement;
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static String encoded(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }
}
