package io.policyhub.api.identity;

import java.util.UUID;

public record ProfileView(UUID userId, String username, String email, String firstName, String lastName, String phone) {
}
