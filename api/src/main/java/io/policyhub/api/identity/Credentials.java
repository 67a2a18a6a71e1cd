package io.policyhub.api.identity;

import java.util.UUID;

/** What a login checks, and whether the user is an administrator (granted by another one, never by name). */
public record Credentials(UUID userId, String username, String passwordHash, boolean administrator) {

    @Override
    public String toString() {
        return "Credentials[userId=" + userId + ", username=" + username + "]";
    }
}
