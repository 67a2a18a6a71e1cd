package io.policyhub.command.orders;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
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
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Pays one order from the customer's account. The debit's outcome arrives as an event: debited
 * marks the order paid, refused rejects it. A persistent deadline rejects an order whose payment
 * did not finish in time; a debit that lands after that is refunded, so money and order status
 * always agree. The saga ends once the order is final and the debit's outcome is known.
 */
@Saga
@ProcessingGroup("order-payment")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class OrderPayment {

    static final String PAYMENT_TIMEOUT = "payment-timeout";

    enum Debit { PENDING, DEBITED, REFUSED, IMPOSSIBLE }

    @Autowired
    private transient CommandGateway commandGateway;
    @Autowired
    private transient PaymentSettings settings;

    private UUID orderId;
    private UUID accountId;
    private Debit debit = Debit.PENDING;
    private boolean orderFinal;
    private boolean timedOut;
    private String deadlineId;

    @StartSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderPlaced event, DeadlineManager deadlines) {
        orderId = event.orderId();
        accountId = AccountIds.forOwner(event.customerId());
        deadlineId = deadlines.schedule(settings.paymentTimeout(), PAYMENT_TIMEOUT);
        try {
            commandGateway.sendAndWait(new DebitAccount(accountId, orderId, event.price()));
        } catch (AggregateNotFoundException noAccount) {
            debit = Debit.IMPOSSIBLE;
            commandGateway.sendAndWait(new RejectOrder(orderId, "account-not-found"));
        }
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(AccountDebited event) {
        if (debit != Debit.PENDING) {
            return; // redelivered
        }
        debit = Debit.DEBITED;
        if (timedOut) {
            commandGateway.sendAndWait(new RefundAccount(accountId, orderId));
            endIfSettled();
        } else {
            commandGateway.sendAndWait(new MarkOrderPaid(orderId));
        }
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(AccountDebitRefused event) {
        if (debit != Debit.PENDING) {
            return; // redelivered
        }
        debit = Debit.REFUSED;
        if (orderFinal) {
            endIfSettled();
        } else {
            commandGateway.sendAndWait(new RejectOrder(orderId, "insufficient-funds"));
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderPaid event, DeadlineManager deadlines) {
        deadlines.cancelSchedule(PAYMENT_TIMEOUT, deadlineId);
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderRejected event, DeadlineManager deadlines) {
        orderFinal = true;
        deadlines.cancelSchedule(PAYMENT_TIMEOUT, deadlineId);
        endIfSettled();
    }

    @DeadlineHandler(deadlineName = PAYMENT_TIMEOUT)
    void onPaymentTimeout() {
        timedOut = true;
        OrderStatus status = commandGateway.sendAndWait(new RejectOrder(orderId, "payment-timeout"));
        if (status != OrderStatus.PAID && debit == Debit.DEBITED) {
            commandGateway.sendAndWait(new RefundAccount(accountId, orderId));
        }
    }

    /** Ends once nothing can arrive any more that would need this saga. */
    private void endIfSettled() {
        if (orderFinal && debit != Debit.PENDING) {
            SagaLifecycle.end();
        }
    }
}
