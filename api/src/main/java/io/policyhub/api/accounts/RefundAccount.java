package io.policyhub.api.accounts;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives back what was debited for an order (compensation); idempotent per order. */
public record RefundAccount(@TargetAggregateIdentifier UUID accountId, UUID orderId) {
}
