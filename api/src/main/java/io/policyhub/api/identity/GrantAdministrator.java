package io.policyhub.api.identity;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Makes the user an administrator. {@code grantedBy} is the administrator who asked (their user
 * id) or {@code bootstrap} for the one-shot first grant; the event keeps it as the audit trail.
 */
public record GrantAdministrator(@TargetAggregateIdentifier UUID userId, String grantedBy) {
}
