package io.policyhub.api.identity;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RemoveRelative(@TargetAggregateIdentifier UUID userId, UUID relativeId) {
}
