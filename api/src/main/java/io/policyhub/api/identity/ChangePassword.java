package io.policyhub.api.identity;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Changes the password when {@code currentPassword} matches. The current password travels in the
 * command only, which is never stored; the event carries the new hash alone.
 */
public record ChangePassword(@TargetAggregateIdentifier UUID userId, String currentPassword, String newPasswordHash) {

    @Override
    public String toString() {
        return "ChangePassword[userId=" + userId + "]";
    }
}
