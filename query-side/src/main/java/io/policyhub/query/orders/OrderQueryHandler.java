package io.policyhub.query.orders;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.common.AggregateTypes;
import io.policyhub.api.orders.FindNotifications;
import io.policyhub.api.orders.FindOrder;
import io.policyhub.api.orders.FindOrdersOfCustomer;
import io.policyhub.api.orders.NotificationList;
import io.policyhub.api.orders.OrderList;
import io.policyhub.api.orders.OrderStatus;
import io.policyhub.api.orders.OrderView;
import io.policyhub.platform.consistency.ReadYourWrites;
import io.policyhub.projections.orders.OrderReader;
import io.policyhub.projections.orders.OrderReader.Order;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Answers order and notification queries from their read models, read-your-writes. */
@Component
class OrderQueryHandler {

    private final OrderReader orders;
    private final ReadYourWrites readYourWrites;
    private final Duration finalStateWait;

    OrderQueryHandler(OrderReader orders, ReadYourWrites readYourWrites,
                      @Value("${policyhub.orders.final-state-wait:5s}") Duration finalStateWait) {
        this.orders = orders;
        this.readYourWrites = readYourWrites;
        this.finalStateWait = finalStateWait;
    }

    @QueryHandler
    Optional<OrderView> handle(FindOrder query) {
        Optional<Order> order = current(query.orderId());
        if (query.awaitFinalState()) {
            order = awaitFinalState(query.orderId(), order);
        }
        return order.filter(row -> row.customerId().equals(query.customerId())).map(Order::view);
    }

    @QueryHandler
    OrderList handle(FindOrdersOfCustomer query) {
        return new OrderList(orders.ofCustomer(query.customerId()));
    }

    @QueryHandler
    NotificationList handle(FindNotifications query) {
        return new NotificationList(orders.notificationsOf(query.userId()));
    }

    private Optional<Order> current(UUID orderId) {
        return readYourWrites.read(AggregateTypes.ORDER, orderId.toString(), () -> orders.find(orderId), Order::lastSequence);
    }

    /** Payment usually finishes within milliseconds; wait a bounded time for it rather than answer PENDING. */
    private Optional<Order> awaitFinalState(UUID orderId, Optional<Order> order) {
        if (order.isEmpty() || order.get().view().status() != OrderStatus.PENDING) {
            return order;
        }
        return readYourWrites.readUntil(() -> orders.find(orderId), row -> row.view().status() != OrderStatus.PENDING,
                finalStateWait, "order " + orderId);
    }
}
