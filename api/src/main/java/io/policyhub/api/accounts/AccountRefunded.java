package io.policyhub.api.accounts;

import java.math.BigDecimal;
import java.util.UUID;

public record AccountRefunded(UUID accountId, UUID orderId, BigDecimal amount, BigDecimal balance) {
}
