package io.policyhub.app.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import io.policyhub.api.orders.OrderPlaced;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.IntegrationTest;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A poison event in a projection, in both modes: it is parked with the later events of its sequence
 * while every other sequence goes on; reads of the held-back row say so; operators see it (API,
 * projection list, metrics), retry it (still failing: one attempt more; fixed: the row catches up)
 * or evict it with a recorded reason. The poison is a trigger that refuses one order's row, the way
 * a bad row or a handler bug would; dropping the trigger is "the fix".
 */
@IntegrationTest
class DeadLettersIT {

    private static final String POISON = "poison:";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventStore eventStore;

    Api api;
    String admin;

    @BeforeEach
    void poisonOrdersWhoseDescriptionSaysSo() {
        api = new Api(port);
        admin = api.adminToken();
        jdbc.execute("""
                create or replace function refuse_poisoned_order() returns trigger language plpgsql as $$
                begin
                    if new.description like 'poison:%' then
                        raise exception 'refused poisoned order %', new.order_id;
                    end if;
                    return new;
                end $$""");
        jdbc.execute("drop trigger if exists refuse_poisoned_order on orders");
        jdbc.execute("create trigger refuse_poisoned_order before insert on orders for each row execute function refuse_poisoned_order()");
    }

    @AfterEach
    void cure() {
        jdbc.execute("drop trigger if exists refuse_poisoned_order on orders");
    }

    @Test
    void aPoisonEventIsParkedWithItsSequenceOthersGoOnAndARetryAfterTheFixCatchesTheRowUp() {
        Api.User victim = api.newUser();
        api.post("/api/v1/accounts/me/deposits", victim.token(), "{\"amount\": 10}");
        UUID poisoned = placeDirectly(victim, POISON + "first");

        JsonNode letter = awaitParked(poisoned);
        assertThat(letter.get("group").asString()).isEqualTo("orders");
        assertThat(letter.get("eventType").asString()).isEqualTo("OrderPlaced");
        assertThat(letter.get("cause").asString()).contains("refused poisoned order");
        assertThat(letter.get("attempts").asInt()).isEqualTo(1);
        assertThat(letter.get("parkedAt").asString()).isNotBlank();

        // the payment's OrderPaid/OrderRejected is of the same sequence: parked behind it
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(parkedOf(poisoned)).hasSizeGreaterThanOrEqualTo(2)
                        .allSatisfy(parked -> assertThat(parked.get("sequence")).isEqualTo(letter.get("sequence"))));
        Api.Response held = api.get("/api/v1/orders/" + poisoned, victim.token());
        assertThat(held.status()).isEqualTo(503);
        assertThat(held.json().get("type").asString()).isEqualTo("/problems/stale-read-model");
        assertThat(held.retryAfter()).isNotBlank();

        // a command whose events are stored is acknowledged, though its row is held back too
        Api.Response whileHeld = api.post("/api/v1/orders", victim.token(), "{\"price\": 1}");
        assertThat(whileHeld.status()).as(whileHeld.body()).isEqualTo(201);
        assertThat(whileHeld.json().get("status").asString()).isEqualTo("PENDING");
        String heldOrder = whileHeld.json().get("orderId").asString();

        // another customer's orders are not held up
        Api.User other = api.newUser();
        api.post("/api/v1/accounts/me/deposits", other.token(), "{\"amount\": 10}");
        Api.Response placed = api.post("/api/v1/orders", other.token(), "{\"price\": 3}");
        assertThat(placed.status()).isEqualTo(201);
        assertThat(api.get("/api/v1/orders/" + placed.json().get("orderId").asString(), other.token()).status()).isEqualTo(200);

        // operators see it
        JsonNode orders = projection("orders");
        assertThat(orders.get("parked").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(api.get("/actuator/prometheus", null).body())
                .containsPattern("policyhub_dead_letters_parked\\{processor=\"orders\"} [1-9]")
                .containsPattern("policyhub_dead_letters_oldest_age_seconds\\{processor=\"orders\"}");

        // a retry before the fix: still parked, one attempt more
        String id = letter.get("id").asString();
        assertThat(api.post("/api/v1/admin/dead-letters/" + id + "/retry", admin, "").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(parkedOf(poisoned).get(0).get("attempts").asInt()).isEqualTo(2));

        cure();
        assertThat(api.post("/api/v1/admin/dead-letters/" + id + "/retry", admin, "").status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(parkedOf(poisoned)).isEmpty());
        Api.Response caughtUp = api.get("/api/v1/orders/" + poisoned, victim.token());
        assertThat(caughtUp.status()).isEqualTo(200);
        assertThat(caughtUp.json().get("status").asString()).isEqualTo("PAID");
        assertThat(api.get("/api/v1/orders/" + heldOrder, victim.token()).json().get("status").asString()).isEqualTo("PAID");
        assertThat(jdbc.queryForObject("select description from orders where order_id = ?", String.class, poisoned))
                .isEqualTo(POISON + "first");
        // the sequence goes on as usual afterwards
        Api.Response next = api.post("/api/v1/orders", victim.token(), "{\"price\": 1}");
        assertThat(next.status()).isEqualTo(201);
        assertThat(next.json().get("status").asString()).isEqualTo("PAID");
    }

    @Test
    void evictionDropsTheEventForGoodAndRecordsWhoAndWhy() {
        Api.User victim = api.newUser();
        UUID poisoned = placeDirectly(victim, POISON + "evicted");
        String id = awaitParked(poisoned).get("id").asString();
        // no money: the payment is rejected, and its OrderRejected parked behind
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(parkedOf(poisoned)).hasSize(2));

        assertThat(api.post("/api/v1/admin/dead-letters/" + id + "/evict", admin, "{}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/admin/dead-letters/" + id + "/evict", victim.token(), "{\"reason\": \"x\"}").status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/admin/dead-letters/" + UUID.randomUUID() + "/evict", admin, "{\"reason\": \"x\"}").status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/admin/dead-letters/" + UUID.randomUUID() + "/retry", admin, "").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/admin/dead-letters", victim.token()).status()).isEqualTo(403);

        Api.Response evicted = api.post("/api/v1/admin/dead-letters/" + id + "/evict", admin,
                "{\"reason\": \"test order with a refused description\"}");

        assertThat(evicted.status()).isEqualTo(204);
        assertThat(deadLetters()).noneMatch(parked -> parked.get("id").asString().equals(id));
        assertThat(jdbc.queryForObject("select reason from dead_letter_evictions where dead_letter_id = ?", String.class, id))
                .isEqualTo("test order with a refused description");
        assertThat(jdbc.queryForObject("select payload_type from dead_letter_evictions where dead_letter_id = ?", String.class, id))
                .isEqualTo("OrderPlaced");
        // the rest of the sequence stays parked until retried or evicted in turn
        List<JsonNode> rest = parkedOf(poisoned);
        assertThat(rest).singleElement().satisfies(parked -> assertThat(parked.get("eventType").asString()).isEqualTo("OrderRejected"));
        assertThat(api.post("/api/v1/admin/dead-letters/" + rest.get(0).get("id").asString() + "/evict", admin,
                "{\"reason\": \"belongs to the evicted order\"}").status()).isEqualTo(204);
        assertThat(parkedOf(poisoned)).isEmpty();

        // evicted for good: a replay (the trigger is gone by now) skips them, so it rebuilds the same read model
        cure();
        assertThat(api.post("/api/v1/admin/projections/orders/replay", admin, "{}").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode orders = projection("orders");
            assertThat(orders.get("replaying").asBoolean()).isFalse();
            assertThat(orders.get("lag").asLong()).isZero();
        });
        assertThat(jdbc.queryForObject("select count(*) from orders where order_id = ?", Long.class, poisoned)).isZero();
        assertThat(parkedOf(poisoned)).isEmpty();
    }

    /** An order as if placed long ago by a client (the payment saga pays it as usual), bypassing today's validation. */
    private UUID placeDirectly(Api.User customer, String description) {
        UUID orderId = UUID.randomUUID();
        eventStore.publish(new GenericDomainEventMessage<>("Order", orderId.toString(), 0,
                new OrderPlaced(orderId, customer.userId(), new BigDecimal("2.00"), description)));
        return orderId;
    }

    private JsonNode awaitParked(UUID orderId) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(parkedOf(orderId)).isNotEmpty());
        return parkedOf(orderId).get(0);
    }

    private List<JsonNode> parkedOf(UUID aggregateId) {
        return deadLetters().stream().filter(parked -> aggregateId.toString().equals(parked.get("aggregateId").asString())).toList();
    }

    private List<JsonNode> deadLetters() {
        Api.Response response = api.get("/api/v1/admin/dead-letters", admin);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(response.json().spliterator(), false).toList();
    }

    private JsonNode projection(String name) {
        return StreamSupport.stream(api.get("/api/v1/admin/projections", admin).json().spliterator(), false)
                .filter(processor -> processor.get("name").asString().equals(name)).findFirst().orElseThrow();
    }
}
