package io.policyhub.api.insurance;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import io.policyhub.api.common.DataSubject;

/** An OSAGO policy for the vehicle and driver of the application, from the insurer whose quote was accepted and paid. */
public record PolicyIssued(UUID policyId, String number, UUID applicationId, @DataSubject UUID customerId, String insurer,
                           BigDecimal premium, LocalDate validFrom, LocalDate validTo, Vehicle vehicle, Driver driver) {
}
