package io.policyhub.command.orders;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.math.BigDecimal;
import java.util.UUID;

import io.policyhub.api.accounts.Money;
import io.policyhub.api.common.AggregateTypes;
import io.policyhub.api.common.Rejection;
import io.policyhub.api.orders.MarkOrderPaid;
import io.policyhub.api.orders.OrderPaid;
import io.policyhub.api.orders.OrderPlaced;
import io.policyhub.api.orders.OrderRejected;
import io.policyhub.api.orders.OrderStatus;
import io.policyhub.api.orders.PlaceOrder;
import io.policyhub.api.orders.RejectOrder;
import io.policyhub.command.common.CommandRejectedException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** An order: placed PENDING, then exactly one of PAID or REJECTED, never both. */
@Aggregate(type = AggregateTypes.ORDER, cache = "orderAggregateCache", filterEventsByType = true)
public class Order {

    @AggregateIdentifier
    private UUID orderId;
    private UUID customerId;
    private BigDecimal price;
    private OrderStatus status;

    protected Order() {
        // for event sourcing
    }

    @CommandHandler
    public Order(PlaceOrder command) {
        if (!Money.isValidAmount(command.price())) {
            throw new CommandRejectedException(Rejection.invalid("invalid-price",
                    "The price must be greater than zero with at most two decimals"));
        }
        apply(new OrderPlaced(command.orderId(), command.customerId(), Money.normalize(command.price()),
                command.description()));
    }

    /** Repeated marks are ignored; marking a rejected order paid is refused (the payment then refunds). */
    @CommandHandler
    public void handle(MarkOrderPaid command) {
        if (status == OrderStatus.REJECTED) {
            throw new CommandRejectedException(Rejection.conflict("order-rejected", "The order was already rejected"));
        }
        if (status == OrderStatus.PENDING) {
            apply(new OrderPaid(orderId, customerId, price));
        }
    }

    /** Rejecting a finished order changes nothing: the first outcome stands. */
    @CommandHandler
    public OrderStatus handle(RejectOrder command) {
        if (status == OrderStatus.PENDING) {
            apply(new OrderRejected(orderId, customerId, price, command.reason()));
        }
        return status;
    }

    @EventSourcingHandler
    void on(OrderPlaced event) {
        orderId = event.orderId();
        customerId = event.customerId();
        price = event.price();
        status = OrderStatus.PENDING;
    }

    @EventSourcingHandler
    void on(OrderPaid event) {
        status = OrderStatus.PAID;
    }

    @EventSourcingHandler
    void on(OrderRejected event) {
        status = OrderStatus.REJECTED;
    }
}
