package io.policyhub.api.identity;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The first filling of the personal details; refused once they were set. */
public record CreateProfile(@TargetAggregateIdentifier UUID userId, Profile details) {
}
