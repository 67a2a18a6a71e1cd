package io.policyhub.api.identity;

import java.util.UUID;

public record PasswordChanged(UUID userId, String passwordHash) {
}
