package io.policyhub.command.orders;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

import io.policyhub.api.accounts.AccountDebitRefused;
import io.policyhub.api.accounts.AccountDebited;
import io.policyhub.api.accounts.AccountIds;
import io.policyhub.api.accounts.DebitAccount;
import io.policyhub.api.accounts.RefundAccount;
import io.policyhub.api.orders.MarkOrderPaid;
import io.policyhub.api.orders.OrderPaid;
import io.policyhub.api.orders.OrderPlaced;
import io.policyhub.api.orders.OrderRejected;
import io.policyhub.api.orders.OrderStatus;
import io.policyhub.api.orders.RejectOrder;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderPaymentTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final BigDecimal PRICE = new BigDecimal("150.00");

    private final UUID orderId = UUID.randomUUID();
    private final UUID customerId = UUID.randomUUID();
    private final UUID accountId = AccountIds.forOwner(customerId);
    private final OrderPlaced placed = new OrderPlaced(orderId, customerId, PRICE, "policy");
    private final AccountDebited debited = new AccountDebited(accountId, orderId, PRICE, new BigDecimal("50.00"));
    private SagaTestFixture<OrderPayment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(OrderPayment.class);
        fixture.registerResource(new PaymentSettings(TIMEOUT));
    }

    @Test
    void placingAnOrderDebitsTheCustomersAccountAndSchedulesTheTimeout() {
        fixture.givenNoPriorActivity()
                .whenAggregate(orderId.toString()).publishes(placed)
                .expectActiveSagas(1)
                .expectDispatchedCommands(new DebitAccount(accountId, orderId, PRICE))
                .expectScheduledDeadlineWithName(TIMEOUT, OrderPayment.PAYMENT_TIMEOUT);
    }

    @Test
    void aDebitedOrderIsMarkedPaid() {
        fixture.givenAggregate(orderId.toString()).published(placed)
                .whenAggregate(accountId.toString()).publishes(debited)
                .expectDispatchedCommands(new MarkOrderPaid(orderId))
                .expectActiveSagas(1);
    }

    @Test
    void aPaidOrderEndsThePaymentAndCancelsTheTimeout() {
        fixture.givenAggregate(orderId.toString()).published(placed)
                .andThenAggregate(accountId.toString()).published(debited)
                .whenAggregate(orderId.toString()).publishes(new OrderPaid(orderId, customerId, PRICE))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void aRefusedDebitRejectsTheOrderForInsufficientFunds() {
        fixture.givenAggregate(orderId.toString()).published(placed)
                .whenAggregate(accountId.toString()).publishes(new AccountDebitRefused(accountId, orderId, PRICE, BigDecimal.TEN))
                .expectDispatchedCommands(new RejectOrder(orderId, "insufficient-funds"));
    }

    @Test
    void theRejectionOfARefusedOrderEndsThePayment() {
        fixture.givenAggregate(orderId.toString()).published(placed)
                .andThenAggregate(accountId.toString()).published(new AccountDebitRefused(accountId, orderId, PRICE, BigDecimal.TEN))
                .whenAggregate(orderId.toString()).publishes(new OrderRejected(orderId, customerId, PRICE, "insufficient-funds"))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void anUnfinishedPaymentIsRejectedWhenTheTimeoutExpires() {
        fixture.givenAggregate(orderId.toString()).published(placed)
                .whenTimeElapses(TIMEOUT.plusSeconds(1))
                .expectTriggeredDeadlinesWithName(OrderPayment.PAYMENT_TIMEOUT)
                .expectDispatchedCommands(new RejectOrder(orderId, "payment-timeout"));
    }

    @Test
    void aDebitThatLandsAfterTheTimeoutIsRefunded() throws Exception {
        fixture.setCallbackBehavior((command, metaData) -> command instanceof RejectOrder ? OrderStatus.REJECTED : null);
        fixture.givenAggregate(orderId.toString()).published(placed)
                .andThenTimeElapses(TIMEOUT.plusSeconds(1))
                .whenAggregate(accountId.toString()).publishes(debited)
                .expectDispatchedCommands(new RefundAccount(accountId, orderId));
    }

    @Test
    void theTimedOutPaymentEndsOnceTheOrderIsRejectedAndTheDebitRefunded() throws Exception {
        fixture.givenAggregate(orderId.toString()).published(placed)
                .andThenTimeElapses(TIMEOUT.plusSeconds(1))
                .andThenAggregate(accountId.toString()).published(debited)
                .whenAggregate(orderId.toString()).publishes(new OrderRejected(orderId, customerId, PRICE, "payment-timeout"))
                .expectActiveSagas(0);
    }

    @Test
    void aRedeliveredDebitDoesNotPayTwice() {
        fixture.givenAggregate(orderId.toString()).published(placed)
                .andThenAggregate(accountId.toString()).published(debited)
                .whenAggregate(accountId.toString()).publishes(debited)
                .expectNoDispatchedCommands();
    }

    @Test
    void aRedeliveredRefusalDoesNotRejectTwice() {
        AccountDebitRefused refused = new AccountDebitRefused(accountId, orderId, PRICE, BigDecimal.TEN);
        fixture.givenAggregate(orderId.toString()).published(placed)
                .andThenAggregate(accountId.toString()).published(refused)
                .whenAggregate(accountId.toString()).publishes(refused)
                .expectNoDispatchedCommands();
    }

    @Test
    void anOrderOfACustomerWithoutAccountIsRejected() {
        fixture.setCallbackBehavior((command, metaData) -> {
            if (command instanceof DebitAccount) {
                throw new AggregateNotFoundException(accountId.toString(), "no account");
            }
            return null;
        });
        fixture.givenNoPriorActivity()
                .whenAggregate(orderId.toString()).publishes(placed)
                .expectDispatchedCommands(new DebitAccount(accountId, orderId, PRICE), new RejectOrder(orderId, "account-not-found"));
    }
}
