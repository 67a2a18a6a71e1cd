package io.policyhub.command.insurance;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.policyhub.api.insurance.IssuePolicy;
import io.policyhub.api.insurance.QuoteAccepted;
import io.policyhub.api.orders.OrderPaid;
import io.policyhub.api.orders.OrderRejected;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * From an accepted quote to its policy: follows the order that pays the quote and, once it is paid,
 * has the application issue the policy. A rejected order ends it without a policy. The order lives
 * in another aggregate (and, distributed, its events may be handled by another instance), hence a saga.
 */
@Saga
// the payment saga's processor: one processor more cost every event a read and a token update
@ProcessingGroup("order-payment")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class PolicyIssuance {

    @Autowired
    private transient CommandGateway commandGateway;

    private UUID applicationId;

    @StartSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(QuoteAccepted event) {
        applicationId = event.applicationId();
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderPaid event, @Timestamp Instant paidAt) {
        commandGateway.sendAndWait(new IssuePolicy(applicationId, paidAt));
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderRejected event) {
        // the quote stays accepted; the order answers why it was not paid
    }
}
