package io.policyhub.projections.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.policyhub.api.common.NameBasedUuids;
import io.policyhub.api.identity.ProfileChanged;
import io.policyhub.api.identity.UserErased;
import io.policyhub.api.identity.UserRegistered;
import io.policyhub.api.orders.OrderPaid;
import io.policyhub.api.orders.OrderPlaced;
import io.policyhub.api.orders.OrderRejected;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Builds {@code orders} and stores one notification per finished order in the same transaction,
 * so an order shown as final always has its letter. Notification ids derive from the order and
 * times come from the events: a replay recreates exactly the same set.
 */
@Component
@ProcessingGroup(OrderProjection.PROCESSING_GROUP)
class OrderProjection {

    static final String PROCESSING_GROUP = "orders";

    private final JdbcTemplate jdbc;

    OrderProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserRegistered event) {
        jdbc.update("insert into notification_recipients (user_id, email) values (?, ?) on conflict (user_id) do nothing",
                event.userId(), event.profile().email());
    }

    @EventHandler
    void on(ProfileChanged event) {
        jdbc.update("update notification_recipients set email = ? where user_id = ?", event.profile().email(), event.userId());
    }

    /** The erased user's address leaves the recipients and every notification sent to it. */
    @EventHandler
    void on(UserErased event) {
        jdbc.update("update notification_recipients set email = null where user_id = ?", event.userId());
        jdbc.update("update notifications set email = null where user_id = ?", event.userId());
    }

    @EventHandler
    void on(OrderPlaced event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.update("""
                insert into orders (order_id, customer_id, price, description, status, placed_at, last_sequence)
                values (?, ?, ?, ?, 'PENDING', ?, ?)
                on conflict (order_id) do nothing""",
                event.orderId(), event.customerId(), event.price(), event.description(), java.sql.Timestamp.from(at), sequence);
    }

    @EventHandler
    void on(OrderPaid event, @SequenceNumber long sequence, @Timestamp Instant at) {
        finish(event.orderId(), "PAID", null, sequence);
        notify(event.orderId(), event.customerId(), "ORDER_PAID", "Your order is paid",
                "Thank you! Your order " + event.orderId() + " for " + rub(event.price()) + " is paid.", at);
    }

    @EventHandler
    void on(OrderRejected event, @SequenceNumber long sequence, @Timestamp Instant at) {
        finish(event.orderId(), "REJECTED", event.reason(), sequence);
        notify(event.orderId(), event.customerId(), "ORDER_REJECTED", "Your order could not be paid",
                "We are sorry: your order " + event.orderId() + " for " + rub(event.price())
                        + " could not be paid (" + event.reason() + ").", at);
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate orders, notifications, notification_recipients");
    }

    private void finish(UUID orderId, String status, String reason, long sequence) {
        jdbc.update("update orders set status = ?, reason = ?, last_sequence = ? where order_id = ? and last_sequence < ?",
                status, reason, sequence, orderId, sequence);
    }

    private void notify(UUID orderId, UUID userId, String kind, String subject, String body, Instant at) {
        UUID notificationId = NameBasedUuids.of("notification:" + orderId);
        jdbc.update("""
                insert into notifications (notification_id, order_id, user_id, kind, email, subject, body, created_at)
                select ?, ?, ?, ?, (select email from notification_recipients where user_id = ?), ?, ?, ?
                on conflict (notification_id) do nothing""",
                notificationId, orderId, userId, kind, userId, subject, body, java.sql.Timestamp.from(at));
    }

    private static String rub(BigDecimal amount) {
        return amount.toPlainString() + " RUB";
    }
}
