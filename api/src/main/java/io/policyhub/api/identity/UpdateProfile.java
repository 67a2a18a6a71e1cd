package io.policyhub.api.identity;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Changes the given details; null fields stay as they are. */
public record UpdateProfile(@TargetAggregateIdentifier UUID userId, Profile changes) {
}
