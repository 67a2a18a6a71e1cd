package io.policyhub.api.identity;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Erases the user's personal data when {@code currentPassword} matches; the password travels in the command only. */
public record EraseUser(@TargetAggregateIdentifier UUID userId, String currentPassword) {

    @Override
    public String toString() {
        return "EraseUser[userId=" + userId + "]";
    }
}
