package io.policyhub.api.identity;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RemoveDocument(@TargetAggregateIdentifier UUID userId, UUID documentId) {
}
