package io.policyhub.api.insurance;

import java.math.BigDecimal;
import java.util.UUID;

/** One quote per application can be accepted; {@code orderId} is the order that pays the policy. */
public record QuoteAccepted(UUID applicationId, UUID customerId, String insurer, BigDecimal premium, UUID orderId) {
}
