package io.policyhub.api.orders;

import java.time.Instant;
import java.util.UUID;

/** A stored letter about an order: {@code ORDER_PAID} (happy) or {@code ORDER_REJECTED} (sad). */
public record NotificationView(UUID notificationId, UUID orderId, String kind, String email, String subject, String body,
                               Instant createdAt) {
}
