package io.policyhub.command.insurance;

import java.time.LocalDate;
import java.time.Year;
import java.util.UUID;

import io.policyhub.api.insurance.ApplicationDetails;
import io.policyhub.api.insurance.Driver;
import io.policyhub.api.insurance.Vehicle;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * The body of an OSAGO application, with the plausibility rules insurers would apply anyway. The
 * driver is given in full, or named: {@code driverRelativeId}, a relative with a licence kept in the
 * client's file.
 */
record ApplicationRequest(@NotNull @Valid VehicleData vehicle, @Valid DriverData driver, UUID driverRelativeId,
                          @NotBlank @Size(max = 64) String region) {

    static final int MIN_DRIVING_AGE = 16;
    static final int MIN_APPLICANT_AGE = 18;
    static final int EARLIEST_BIRTH_YEAR = 1900;

    @AssertTrue(message = "give either driver or driverRelativeId")
    boolean isDriverGivenOnce() {
        return (driver == null) != (driverRelativeId == null);
    }

    /** The driver given in full; null when the request names a relative instead. */
    Driver inlineDriver() {
        return driver == null ? null : new Driver(driver.fullName(), driver.birthDate(), driver.licenseNumber(), driver.licenseIssuedAt());
    }

    ApplicationDetails details(Driver driver) {
        return new ApplicationDetails(
                new Vehicle(vehicle.vin().toUpperCase(), vehicle.make(), vehicle.model(), vehicle.year(), vehicle.enginePowerHp()),
                driver, region);
    }

    /** VINs are 17 characters without I, O and Q. */
    record VehicleData(@NotNull @Pattern(regexp = "^[A-HJ-NPR-Za-hj-npr-z0-9]{17}$", message = "17 characters, no I, O or Q") String vin,
                       @NotBlank @Size(max = 64) String make,
                       @NotBlank @Size(max = 64) String model,
                       @NotNull @Min(1950) Integer year,
                       @NotNull @Positive @Max(2000) Integer enginePowerHp) {

        @AssertTrue(message = "must not be later than next year")
        boolean isYearPlausible() {
            return year == null || year <= Year.now().getValue() + 1;
        }
    }

    record DriverData(@NotBlank @Size(max = 128) String fullName,
                      @NotNull @Past LocalDate birthDate,
                      @NotNull @Pattern(regexp = "^[0-9A-Za-z\\p{IsCyrillic} ]{6,20}$") String licenseNumber,
                      @NotNull @PastOrPresent LocalDate licenseIssuedAt) {

        @AssertTrue(message = "the driver must be at least 18 years old")
        boolean isAdult() {
            // arithmetic on today, never on the client's date: +999999999-12-31 must not overflow
            return birthDate == null || !birthDate.isAfter(LocalDate.now().minusYears(MIN_APPLICANT_AGE));
        }

        @AssertTrue(message = "must be in 1900 or later")
        boolean isBirthDateAfter1900() {
            return birthDate == null || birthDate.getYear() >= EARLIEST_BIRTH_YEAR;
        }

        @AssertTrue(message = "a licence is issued at 16 at the earliest")
        boolean isLicenceAfterDrivingAge() {
            return birthDate == null || licenseIssuedAt == null || birthDate.getYear() < EARLIEST_BIRTH_YEAR
                    || birthDate.isAfter(LocalDate.now()) || !licenseIssuedAt.isBefore(birthDate.plusYears(MIN_DRIVING_AGE));
        }
    }
}
