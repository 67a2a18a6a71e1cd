package io.policyhub.api.accounts;

import java.math.BigDecimal;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Debits the account for an order. Answered by an event either way ({@link AccountDebited} or
 * {@link AccountDebitRefused}), so the payment process learns the outcome from the event stream.
 * Idempotent per order: a second debit for the same order changes nothing.
 */
public record DebitAccount(@TargetAggregateIdentifier UUID accountId, UUID orderId, BigDecimal amount) {
}
