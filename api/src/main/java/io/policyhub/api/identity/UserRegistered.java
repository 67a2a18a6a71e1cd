package io.policyhub.api.identity;

import java.util.UUID;

public record UserRegistered(UUID userId, String username, String passwordHash, Profile profile) {
}
