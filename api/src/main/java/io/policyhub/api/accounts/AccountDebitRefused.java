package io.policyhub.api.accounts;

import java.math.BigDecimal;
import java.util.UUID;

/** A debit for an order that the balance did not cover; the balance is unchanged. */
public record AccountDebitRefused(UUID accountId, UUID orderId, BigDecimal amount, BigDecimal balance) {
}
