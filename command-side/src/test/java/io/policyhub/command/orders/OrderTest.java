package io.policyhub.command.orders;

import java.math.BigDecimal;
import java.util.UUID;

import io.policyhub.api.common.Rejection;
import io.policyhub.api.orders.MarkOrderPaid;
import io.policyhub.api.orders.OrderPaid;
import io.policyhub.api.orders.OrderPlaced;
import io.policyhub.api.orders.OrderRejected;
import io.policyhub.api.orders.OrderStatus;
import io.policyhub.api.orders.PlaceOrder;
import io.policyhub.api.orders.RejectOrder;
import io.policyhub.command.common.CommandRejectedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderTest {

    private static final BigDecimal PRICE = new BigDecimal("150.00");

    private final UUID orderId = UUID.randomUUID();
    private final UUID customerId = UUID.randomUUID();
    private final OrderPlaced placed = new OrderPlaced(orderId, customerId, PRICE, "policy");
    private AggregateTestFixture<Order> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
    }

    @Test
    void placesAPendingOrderWithTheNormalizedPrice() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(orderId, customerId, new BigDecimal("150"), "policy"))
                .expectEvents(placed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1.001"})
    void refusesInvalidPrices(String price) {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(orderId, customerId, new BigDecimal(price), null))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionDetails(Rejection.invalid("invalid-price",
                        "The price must be greater than zero with at most two decimals"));
    }

    @Test
    void aPendingOrderBecomesPaid() {
        fixture.given(placed)
                .when(new MarkOrderPaid(orderId))
                .expectEvents(new OrderPaid(orderId, customerId, PRICE));
    }

    @Test
    void markingAPaidOrderAgainChangesNothing() {
        fixture.given(placed, new OrderPaid(orderId, customerId, PRICE))
                .when(new MarkOrderPaid(orderId))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRejectedOrderCannotBePaid() {
        fixture.given(placed, new OrderRejected(orderId, customerId, PRICE, "payment-timeout"))
                .when(new MarkOrderPaid(orderId))
                .expectNoEvents()
                .expectExceptionDetails(Rejection.conflict("order-rejected", "The order was already rejected"));
    }

    @Test
    void aPendingOrderIsRejectedWithItsReason() {
        fixture.given(placed)
                .when(new RejectOrder(orderId, "insufficient-funds"))
                .expectEvents(new OrderRejected(orderId, customerId, PRICE, "insufficient-funds"))
                .expectResultMessagePayload(OrderStatus.REJECTED);
    }

    @Test
    void rejectingAPaidOrderKeepsItPaid() {
        fixture.given(placed, new OrderPaid(orderId, customerId, PRICE))
                .when(new RejectOrder(orderId, "payment-timeout"))
                .expectNoEvents()
                .expectResultMessagePayload(OrderStatus.PAID);
    }
}
