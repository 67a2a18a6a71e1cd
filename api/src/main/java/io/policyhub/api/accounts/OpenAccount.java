package io.policyhub.api.accounts;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record OpenAccount(@TargetAggregateIdentifier UUID accountId, UUID ownerId) {
}
