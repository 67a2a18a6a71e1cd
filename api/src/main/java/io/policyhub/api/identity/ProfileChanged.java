package io.policyhub.api.identity;

import java.util.UUID;

import io.policyhub.api.common.DataSubject;

/** The profile as it is after a creation or an update; carries every field for idempotent projections. */
public record ProfileChanged(@DataSubject UUID userId, Profile profile) {
}
