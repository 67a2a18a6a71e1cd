package io.policyhub.simulator;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Positive;

/** Body of {@code POST /insurers/{insurer}/quotes}; {@code attempt} is the caller's retry number, only logged. */
public record QuoteRequest(
        @NotNull UUID applicationId,
        @Positive int attempt,
        @NotNull @Valid Vehicle vehicle,
        @NotNull @Valid Driver driver,
        @NotBlank String region) {

    public record Vehicle(
            @NotBlank String vin,
            @NotBlank String make,
            @NotBlank String model,
            @Min(1900) int year,
            @Positive double enginePowerHp) {
    }

    public record Driver(
            @NotBlank String fullName,
            @NotNull @Past LocalDate birthDate,
            @NotBlank String licenseNumber,
            @NotNull @PastOrPresent LocalDate licenseIssuedAt) {
    }
}
