package io.policyhub.api.orders;

import java.math.BigDecimal;
import java.util.UUID;

public record OrderPaid(UUID orderId, UUID customerId, BigDecimal price) {
}
