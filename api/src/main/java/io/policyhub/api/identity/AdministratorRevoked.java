package io.policyhub.api.identity;

import java.util.UUID;

public record AdministratorRevoked(UUID userId, String revokedBy) {
}
