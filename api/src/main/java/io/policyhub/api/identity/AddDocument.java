package io.policyhub.api.identity;

import java.time.LocalDate;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Keeps an identity document on the user's file; answers with the document's id. */
public record AddDocument(@TargetAggregateIdentifier UUID userId, UUID documentId, DocumentType type, String number,
                          LocalDate issuedAt, LocalDate expiresAt) {

    @Override
    public String toString() {
        return "AddDocument[userId=" + userId + ", documentId=" + documentId + ", type=" + type + "]";
    }
}
