package io.policyhub.api.identity;

import java.util.UUID;

/** The audit trail of a grant: who made the user an administrator ({@code bootstrap} for the first one). */
public record AdministratorGranted(UUID userId, String grantedBy) {
}
