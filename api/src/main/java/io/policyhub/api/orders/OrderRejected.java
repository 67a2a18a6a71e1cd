package io.policyhub.api.orders;

import java.math.BigDecimal;
import java.util.UUID;

/** The order will not be paid; {@code reason} is a code such as {@code insufficient-funds} or {@code payment-timeout}. */
public record OrderRejected(UUID orderId, UUID customerId, BigDecimal price, String reason) {
}
