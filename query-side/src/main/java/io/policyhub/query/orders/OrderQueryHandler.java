package io.policyhub.query.orders;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.common.AggregateTypes;
import io.policyhub.api.orders.FindNotifications;
import io.policyhub.api.orders.FindOrder;
import io.policyhub.api.orders.FindOrdersOfCustomer;
import io.policyhub.api.orders.NotificationList;
import io.policyhub.api.orders.NotificationView;
import io.policyhub.api.orders.OrderList;
import io.policyhub.api.orders.OrderStatus;
import io.policyhub.api.orders.OrderView;
import io.policyhub.platform.consistency.ReadYourWrites;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** Answers order and notification queries from their read models. */
@Component
class OrderQueryHandler {

    private static final String ORDER_COLUMNS = "order_id, price, description, status, reason, placed_at, customer_id, last_sequence";
    private static final RowMapper<OrderRow> ORDER_ROW = (rs, row) -> new OrderRow(
            new OrderView(rs.getObject(1, UUID.class), rs.getBigDecimal(2), rs.getString(3),
                    OrderStatus.valueOf(rs.getString(4)), rs.getString(5), rs.getTimestamp(6).toInstant()),
            rs.getObject(7, UUID.class), rs.getLong(8));

    private final JdbcTemplate jdbc;
    private final ReadYourWrites readYourWrites;
    private final Duration finalStateWait;

    OrderQueryHandler(JdbcTemplate jdbc, ReadYourWrites readYourWrites,
                      @Value("${policyhub.orders.final-state-wait:5s}") Duration finalStateWait) {
        this.jdbc = jdbc;
        this.readYourWrites = readYourWrites;
        this.finalStateWait = finalStateWait;
    }

    @QueryHandler
    Optional<OrderView> handle(FindOrder query) {
        Optional<OrderRow> order = current(query.orderId());
        if (query.awaitFinalState()) {
            order = awaitFinalState(query.orderId(), order);
        }
        return order.filter(row -> row.customerId().equals(query.customerId())).map(OrderRow::view);
    }

    @QueryHandler
    OrderList handle(FindOrdersOfCustomer query) {
        return new OrderList(jdbc.query("select " + ORDER_COLUMNS + " from orders where customer_id = ? order by placed_at desc, order_id",
                ORDER_ROW, query.customerId()).stream().map(OrderRow::view).toList());
    }

    @QueryHandler
    NotificationList handle(FindNotifications query) {
        return new NotificationList(jdbc.query("""
                        select notification_id, order_id, kind, email, subject, body, created_at
                        from notifications where user_id = ? order by created_at desc, notification_id""",
                (rs, row) -> new NotificationView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()),
                query.userId()));
    }

    private Optional<OrderRow> current(UUID orderId) {
        return readYourWrites.read(AggregateTypes.ORDER, orderId.toString(), () -> row(orderId), OrderRow::lastSequence);
    }

    /** Payment usually finishes within milliseconds; wait a bounded time for it rather than answer PENDING. */
    private Optional<OrderRow> awaitFinalState(UUID orderId, Optional<OrderRow> order) {
        if (order.isEmpty() || order.get().view().status() != OrderStatus.PENDING) {
            return order;
        }
        return readYourWrites.readUntil(() -> row(orderId), row -> row.view().status() != OrderStatus.PENDING,
                finalStateWait, "order " + orderId);
    }

    private Optional<OrderRow> row(UUID orderId) {
        return jdbc.query("select " + ORDER_COLUMNS + " from orders where order_id = ?", ORDER_ROW, orderId).stream().findFirst();
    }

    private record OrderRow(OrderView view, UUID customerId, long lastSequence) {
    }
}
