package io.policyhub.api.accounts;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Every user has exactly one billing account whose id is derived from the user id. Deriving it
 * (instead of looking it up) makes opening the account idempotent: a second open for the same
 * user targets the same aggregate and is refused by the event store.
 */
public final class AccountIds {

    private AccountIds() {
    }

    public static UUID forOwner(UUID ownerId) {
        return UUID.nameUUIDFromBytes(("account:" + ownerId).getBytes(StandardCharsets.UTF_8));
    }
}
