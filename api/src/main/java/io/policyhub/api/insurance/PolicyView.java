package io.policyhub.api.insurance;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A policy as its holder sees it; valid from the first to the last day, both included. */
public record PolicyView(UUID policyId, String number, UUID applicationId, String insurer, BigDecimal premium,
                         LocalDate validFrom, LocalDate validTo, Instant issuedAt) {
}
