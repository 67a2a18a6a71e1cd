package io.policyhub.api.accounts;

import java.math.BigDecimal;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Answers with the {@link AccountBalance} after the deposit. */
public record DepositMoney(@TargetAggregateIdentifier UUID accountId, BigDecimal amount) {
}
