package io.policyhub.api.identity;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Takes the administrator role away; {@code revokedBy} is the administrator who asked. */
public record RevokeAdministrator(@TargetAggregateIdentifier UUID userId, String revokedBy) {
}
