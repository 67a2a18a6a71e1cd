package io.policyhub.api.identity;

import java.util.UUID;

public record Credentials(UUID userId, String username, String passwordHash) {

    @Override
    public String toString() {
        return "Credentials[userId=" + userId + ", username=" + username + "]";
    }
}
