package io.policyhub.api.accounts;

import java.util.UUID;

import io.policyhub.api.common.NameBasedUuids;

/**
 * Every user has exactly one billing account whose id is derived from the user id. Deriving it
 * (instead of looking it up) makes opening the account idempotent: a second open for the same
 * user targets the same aggregate and is refused by the event store.
 */
public final class AccountIds {

    private AccountIds() {
    }

    public static UUID forOwner(UUID ownerId) {
        return NameBasedUuids.of("account:" + ownerId);
    }
}
