package io.policyhub.command.insurance;

import java.math.BigDecimal;
import java.util.UUID;

import io.policyhub.api.insurance.IssuePolicy;
import io.policyhub.api.insurance.QuoteAccepted;
import io.policyhub.api.orders.OrderIds;
import io.policyhub.api.orders.OrderPaid;
import io.policyhub.api.orders.OrderRejected;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PolicyIssuanceTest {

    private static final BigDecimal PREMIUM = new BigDecimal("8450.00");

    private final UUID applicationId = UUID.randomUUID();
    private final UUID customerId = UUID.randomUUID();
    private final UUID orderId = OrderIds.forAcceptedQuote(applicationId);
    private final QuoteAccepted accepted = new QuoteAccepted(applicationId, customerId, "alfa", PREMIUM, orderId);
    private SagaTestFixture<PolicyIssuance> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(PolicyIssuance.class);
    }

    @Test
    void anAcceptedQuoteWaitsForItsOrder() {
        fixture.givenNoPriorActivity()
                .whenAggregate(applicationId.toString()).publishes(accepted)
                .expectActiveSagas(1)
                .expectNoDispatchedCommands();
    }

    @Test
    void itsPaidOrderIssuesThePolicyAsOfThePayment() {
        fixture.givenAggregate(applicationId.toString()).published(accepted)
                .whenAggregate(orderId.toString()).publishes(new OrderPaid(orderId, customerId, PREMIUM))
                .expectDispatchedCommands(new IssuePolicy(applicationId, fixture.currentTime()))
                .expectActiveSagas(0);
    }

    @Test
    void itsRejectedOrderEndsItWithoutAPolicy() {
        fixture.givenAggregate(applicationId.toString()).published(accepted)
                .whenAggregate(orderId.toString()).publishes(new OrderRejected(orderId, customerId, PREMIUM, "insufficient-funds"))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
    }

    @Test
    void anotherOrderIsNotItsConcern() {
        UUID otherOrder = UUID.randomUUID();
        fixture.givenAggregate(applicationId.toString()).published(accepted)
                .whenAggregate(otherOrder.toString()).publishes(new OrderPaid(otherOrder, customerId, PREMIUM))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }
}
