package io.policyhub.api.identity;

import java.time.LocalDate;
import java.util.UUID;

import io.policyhub.api.common.DataSubject;
import io.policyhub.api.common.PersonalData;

/** {@code expiresAt} is null for documents without an end date. */
public record DocumentAdded(@DataSubject UUID userId, UUID documentId, DocumentType type, @PersonalData String number,
                            @PersonalData LocalDate issuedAt, @PersonalData LocalDate expiresAt) {
}
