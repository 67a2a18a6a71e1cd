package io.policyhub.projections.orders;

import io.policyhub.api.identity.ProfileChanged;
import io.policyhub.api.identity.UserRegistered;
import io.policyhub.api.orders.OrderPaid;
import io.policyhub.api.orders.OrderPlaced;
import io.policyhub.api.orders.OrderRejected;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * The orders projection reads a user's email from user events and writes it into order
 * notifications, so all events of one customer must be handled in order by one segment: they are
 * sequenced by customer, not by aggregate.
 */
@Configuration
class CustomerSequencing implements SequencingPolicy<EventMessage<?>> {

    private final SequentialPerAggregatePolicy fallback = SequentialPerAggregatePolicy.instance();

    @Autowired
    void register(EventProcessingConfigurer configurer) {
        configurer.registerSequencingPolicy(OrderProjection.PROCESSING_GROUP, configuration -> this);
    }

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof UserRegistered registered) {
            return registered.userId();
        } else if (payload instanceof ProfileChanged changed) {
            return changed.userId();
        } else if (payload instanceof OrderPlaced placed) {
            return placed.customerId();
        } else if (payload instanceof OrderPaid paid) {
            return paid.customerId();
        } else if (payload instanceof OrderRejected rejected) {
            return rejected.customerId();
        }
        return fallback.getSequenceIdentifierFor(event);
    }
}
