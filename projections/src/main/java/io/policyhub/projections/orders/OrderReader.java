package io.policyhub.projections.orders;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.orders.NotificationView;
import io.policyhub.api.orders.OrderStatus;
import io.policyhub.api.orders.OrderView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Reads the {@code orders} and {@code notifications} read models that {@link OrderProjection}
 * writes (loaded in every role that reads them, see {@code ReadModelReaders}).
 */
public class OrderReader {

    private static final String ORDER_COLUMNS = "order_id, price, description, status, reason, placed_at, customer_id, last_sequence";
    private static final RowMapper<Order> ORDER = (rs, row) -> new Order(
            new OrderView(rs.getObject("order_id", UUID.class), rs.getBigDecimal("price"), rs.getString("description"),
                    OrderStatus.valueOf(rs.getString("status")), rs.getString("reason"), rs.getTimestamp("placed_at").toInstant()),
            rs.getObject("customer_id", UUID.class), rs.getLong("last_sequence"));

    private final JdbcTemplate jdbc;

    public OrderReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An order as its customer sees it, whose it is, and the last event the row applied. */
    public record Order(OrderView view, UUID customerId, long lastSequence) {
    }

    public Optional<Order> find(UUID orderId) {
        return jdbc.query("select " + ORDER_COLUMNS + " from orders where order_id = ?", ORDER, orderId).stream().findFirst();
    }

    /** The customer's orders, newest first. */
    public List<OrderView> ofCustomer(UUID customerId) {
        return jdbc.query("select " + ORDER_COLUMNS + " from orders where customer_id = ? order by placed_at desc, order_id",
                ORDER, customerId).stream().map(Order::view).toList();
    }

    /** The letters stored for the user, newest first. */
    public List<NotificationView> notificationsOf(UUID userId) {
        return jdbc.query("""
                        select notification_id, order_id, kind, email, subject, body, created_at
                        from notifications where user_id = ? order by created_at desc, notification_id""",
                (rs, row) -> new NotificationView(rs.getObject("notification_id", UUID.class), rs.getObject("order_id", UUID.class),
                        rs.getString("kind"), rs.getString("email"), rs.getString("subject"), rs.getString("body"),
                        rs.getTimestamp("created_at").toInstant()),
                userId);
    }
}
