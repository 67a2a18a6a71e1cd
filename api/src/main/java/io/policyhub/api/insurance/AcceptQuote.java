package io.policyhub.api.insurance;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The customer takes one insurer's quote; answers with the {@link QuoteAccepted} to pay. */
public record AcceptQuote(@TargetAggregateIdentifier UUID applicationId, UUID customerId, String insurer) {
}
