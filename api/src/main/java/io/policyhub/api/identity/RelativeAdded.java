package io.policyhub.api.identity;

import java.time.LocalDate;
import java.util.UUID;

import io.policyhub.api.common.DataSubject;
import io.policyhub.api.common.PersonalData;

/** A relative's data is the client's to keep and to erase: it is encrypted under the client's key. */
public record RelativeAdded(@DataSubject UUID userId, UUID relativeId, Relation relation, @PersonalData String fullName,
                            @PersonalData LocalDate birthDate, @PersonalData String licenseNumber,
                            @PersonalData LocalDate licenseIssuedAt) {
}
