package io.policyhub.api.identity;

import java.time.LocalDate;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A family member who may drive the client's car: the licence fields are both given or both null. */
public record AddRelative(@TargetAggregateIdentifier UUID userId, UUID relativeId, Relation relation, String fullName,
                          LocalDate birthDate, String licenseNumber, LocalDate licenseIssuedAt) {

    @Override
    public String toString() {
        return "AddRelative[userId=" + userId + ", relativeId=" + relativeId + ", relation=" + relation + "]";
    }
}
