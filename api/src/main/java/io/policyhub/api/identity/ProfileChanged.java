package io.policyhub.api.identity;

import java.util.UUID;

/** The profile as it is after a creation or an update; carries every field for idempotent projections. */
public record ProfileChanged(UUID userId, Profile profile) {
}
