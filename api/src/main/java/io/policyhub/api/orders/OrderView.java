package io.policyhub.api.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

public record OrderView(UUID orderId, BigDecimal price, String description, OrderStatus status, String reason,
                        Instant placedAt) {
}
