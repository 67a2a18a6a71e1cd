package io.policyhub.api.accounts;

import java.util.UUID;

/** Answers with an optional {@link AccountView}. */
public record FindAccountOfOwner(UUID ownerId) {
}
