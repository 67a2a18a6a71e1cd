package io.policyhub.api.identity;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

public record DocumentView(UUID documentId, DocumentType type, String number, LocalDate issuedAt, LocalDate expiresAt,
                           Instant addedAt) {
}
