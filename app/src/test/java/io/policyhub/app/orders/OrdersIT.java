package io.policyhub.app.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.policyhub.api.accounts.AccountDebited;
import io.policyhub.api.accounts.AccountIds;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.Concurrently;
import io.policyhub.app.support.EventLog;
import io.policyhub.app.support.IntegrationTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class OrdersIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventLog events;

    private Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void aCoveredOrderIsPaidAndAnUncoveredOneRejectedEachWithItsLetter() {
        Api.User user = api.newUser();
        api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 200}");

        JsonNode paid = place(user, "{\"price\": 150.00, \"description\": \"OSAGO policy\"}", null);
        assertThat(paid.get("status").asString()).isEqualTo("PAID");
        assertThat(balance(user)).isEqualByComparingTo("50.00");
        List<JsonNode> letters = notifications(user);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).get("kind").asString()).isEqualTo("ORDER_PAID");
        assertThat(letters.get(0).get("orderId").asString()).isEqualTo(paid.get("orderId").asString());
        assertThat(letters.get(0).get("email").asString()).isEqualTo(user.username() + "@example.com");

        JsonNode rejected = place(user, "{\"price\": 100.00}", null);
        assertThat(rejected.get("status").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("reason").asString()).isEqualTo("insufficient-funds");
        assertThat(balance(user)).isEqualByComparingTo("50.00");
        letters = notifications(user);
        assertThat(letters).extracting(letter -> letter.get("kind").asString()).containsExactly("ORDER_REJECTED", "ORDER_PAID");

        Api.Response order = api.get("/api/v1/orders/" + paid.get("orderId").asString(), user.token());
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.json().get("price").decimalValue()).isEqualByComparingTo("150.00");
        assertThat(api.get("/api/v1/orders", user.token()).json()).hasSize(2);
    }

    @Test
    void ordersAreVisibleToTheirOwnerOnly() {
        Api.User owner = api.newUser();
        Api.User other = api.newUser();
        api.post("/api/v1/accounts/me/deposits", owner.token(), "{\"amount\": 10}");
        String orderId = place(owner, "{\"price\": 5}", null).get("orderId").asString();

        assertThat(api.get("/api/v1/orders/" + orderId, other.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/orders", other.token()).json()).isEmpty();
        assertThat(api.get("/api/v1/orders/" + UUID.randomUUID(), owner.token()).status()).isEqualTo(404);
    }

    @Test
    void theSameIdempotencyKeyReturnsTheFirstOrderAndDebitsOnceEvenWhenRacing() throws Exception {
        Api.User user = api.newUser();
        api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 100}");
        String key = UUID.randomUUID().toString();

        List<JsonNode> answers = Concurrently.run(8, 8, i -> place(user, "{\"price\": 30}", key));

        assertThat(answers.stream().map(answer -> answer.get("orderId").asString()).distinct()).hasSize(1);
        assertThat(answers).allMatch(answer -> answer.get("status").asString().equals("PAID"));
        assertThat(balance(user)).isEqualByComparingTo("70.00");
        assertThat(notifications(user)).hasSize(1);

        Api.Response reused = api.post("/api/v1/orders", user.token(), "application/json", "{\"price\": 31}", key);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(balance(user)).isEqualByComparingTo("70.00");
    }

    @Test
    void fiftyConcurrentOrdersNeverOverdrawAndEachGetsOneLetter() throws Exception {
        Api.User user = api.newUser();
        api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 1000}");

        List<JsonNode> orders = Concurrently.run(50, 16, i -> place(user, "{\"price\": " + (10 + i) + "}", null))
                .stream().map(order -> finalState(user, order)).toList();

        Map<String, List<JsonNode>> byStatus = orders.stream().collect(Collectors.groupingBy(order -> order.get("status").asString()));
        assertThat(byStatus.keySet()).isSubsetOf(Set.of("PAID", "REJECTED"));
        BigDecimal paidTotal = byStatus.getOrDefault("PAID", List.of()).stream()
                .map(order -> order.get("price").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal finalBalance = balance(user);
        assertThat(finalBalance).isNotNegative();
        assertThat(paidTotal.add(finalBalance)).as("paid prices + balance = deposits").isEqualByComparingTo("1000");
        assertThat(byStatus.get("REJECTED")).as("1000 does not cover all 50 orders (1725 in total)").isNotEmpty();
        List<BigDecimal> balancesAfterDebits = events.events(AccountIds.forOwner(user.userId()).toString()).stream()
                .map(DomainEventMessage::getPayload).filter(AccountDebited.class::isInstance).map(AccountDebited.class::cast)
                .map(AccountDebited::balance).toList();
        assertThat(balancesAfterDebits).hasSize(byStatus.get("PAID").size()).allMatch(value -> value.signum() >= 0);

        List<JsonNode> letters = notifications(user);
        assertThat(letters).hasSize(50);
        assertThat(letters.stream().map(letter -> letter.get("orderId").asString()).distinct()).hasSize(50);
    }

    @Test
    void invalidOrdersAreRefusedAndChangeNothing() {
        Api.User user = api.newUser();
        api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 10}");

        for (String body : List.of("{\"price\": 0}", "{\"price\": -5}", "{\"price\": 1.234}", "{}", "{\"price\": \"x\"}")) {
            assertThat(api.post("/api/v1/orders", user.token(), body).status()).as(body).isEqualTo(400);
        }
        assertThat(api.get("/api/v1/orders", user.token()).json()).isEmpty();
        assertThat(balance(user)).isEqualByComparingTo("10.00");
    }

    @Test
    void aPaymentLeavesNoDeadlineBehind() {
        Api.User user = api.newUser();
        api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 10}");
        place(user, "{\"price\": 5}", null);
        place(user, "{\"price\": 50}", null);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from association_value_entry where association_value in (select order_id::text from orders where customer_id = ?)",
                Long.class, user.userId())).as("both payment sagas ended").isZero());
    }

    private JsonNode place(Api.User user, String body, String idempotencyKey) {
        Api.Response response = api.post("/api/v1/orders", user.token(), "application/json", body, idempotencyKey);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    /** POST may answer PENDING when the payment outlasts its wait; the order's GET waits again. */
    private JsonNode finalState(Api.User user, JsonNode order) {
        String orderId = order.get("orderId").asString();
        JsonNode current = order;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (current.get("status").asString().equals("PENDING") && System.nanoTime() < deadline) {
            current = api.get("/api/v1/orders/" + orderId, user.token()).json();
        }
        return current;
    }

    private BigDecimal balance(Api.User user) {
        return api.get("/api/v1/accounts/me", user.token()).json().get("balance").decimalValue();
    }

    private List<JsonNode> notifications(Api.User user) {
        Api.Response response = api.get("/api/v1/notifications", user.token());
        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> letters = new ArrayList<>();
        response.json().forEach(letters::add);
        return letters;
    }
}
