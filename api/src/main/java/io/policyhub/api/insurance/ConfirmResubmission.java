package io.policyhub.api.insurance;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An application submitted again under its Idempotency-Key: accepted (nothing changes) when the
 * details are the ones first submitted, refused as a reused key otherwise.
 */
public record ConfirmResubmission(@TargetAggregateIdentifier UUID applicationId, UUID customerId, ApplicationDetails details) {
}
