package io.policyhub.api.identity;

import java.util.UUID;

/** Answers with an optional {@link ProfileView}. */
public record FindProfile(UUID userId) {
}
