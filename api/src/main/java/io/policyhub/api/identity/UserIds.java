package io.policyhub.api.identity;

import java.util.Locale;
import java.util.UUID;

import io.policyhub.api.common.NameBasedUuids;

/**
 * A user's id is derived from the normalized username. Two registrations of the same name then
 * target the same aggregate, and the event store refuses the second creation atomically, also
 * when both race: usernames are unique without a lookup table or a uniqueness saga.
 */
public final class UserIds {

    private UserIds() {
    }

    public static UUID forUsername(String username) {
        return NameBasedUuids.of("user:" + normalize(username));
    }

    /** Usernames are case-insensitive: "Alice" and "alice" are the same user. */
    public static String normalize(String username) {
        return username.trim().toLowerCase(Locale.ROOT);
    }
}
