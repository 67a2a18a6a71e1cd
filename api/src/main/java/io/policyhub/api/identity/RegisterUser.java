package io.policyhub.api.identity;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Registers a user; the password arrives already hashed, plain passwords never enter a message. */
public record RegisterUser(@TargetAggregateIdentifier UUID userId, String username, String passwordHash,
                           Profile profile) {

    @Override
    public String toString() {
        return "RegisterUser[userId=" + userId + ", username=" + username + "]";
    }
}
