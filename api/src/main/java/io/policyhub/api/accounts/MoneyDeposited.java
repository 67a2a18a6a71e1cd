package io.policyhub.api.accounts;

import java.math.BigDecimal;
import java.util.UUID;

/** {@code idempotencyKey}: the client's key for the request that moved the money, null without one. */
public record MoneyDeposited(UUID accountId, BigDecimal amount, BigDecimal balance, String idempotencyKey) {

    public MoneyDeposited(UUID accountId, BigDecimal amount, BigDecimal balance) {
        this(accountId, amount, balance, null);
    }
}
