package io.policyhub.api.identity;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** {@code licenseNumber} and {@code licenseIssuedAt} are null for a relative who does not drive. */
public record RelativeView(UUID relativeId, Relation relation, String fullName, LocalDate birthDate, String licenseNumber,
                           LocalDate licenseIssuedAt, Instant addedAt) {
}
