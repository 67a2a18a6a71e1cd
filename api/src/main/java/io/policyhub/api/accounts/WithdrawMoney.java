package io.policyhub.api.accounts;

import java.math.BigDecimal;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Answers with the {@link AccountBalance} after the withdrawal; refused when funds are insufficient. A repeated {@code idempotencyKey} (null: none) with
 * the same amount answers the first withdrawal's balance and moves nothing; with another amount it is refused.
 */
public record WithdrawMoney(@TargetAggregateIdentifier UUID accountId, BigDecimal amount, String idempotencyKey) {

    public WithdrawMoney(UUID accountId, BigDecimal amount) {
        this(accountId, amount, null);
    }
}
