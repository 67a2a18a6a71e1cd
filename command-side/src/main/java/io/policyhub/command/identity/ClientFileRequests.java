package io.policyhub.command.identity;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.policyhub.api.identity.DocumentType;
import io.policyhub.api.identity.Relation;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;

/** Request bodies of the client's file (documents, relatives), with their validation rules. */
final class ClientFileRequests {

    static final int EARLIEST_YEAR = 1900;
    static final int MIN_DRIVING_AGE = 16;
    /** A licence number as OSAGO applications take it. */
    static final String LICENSE = "^[0-9A-Za-z\\p{IsCyrillic} ]{6,20}$";
    /** A full name: letters, spaces, dots, apostrophes and hyphens, starting with a letter. */
    static final String FULL_NAME = "^[\\p{L}][\\p{L} .'-]{0,127}$";

    /**
     * The number of each document type once spaces are dropped and letters upper-cased: a passport
     * is 4 + 6 digits, a driving licence and a vehicle registration (STS) 2 digits, 2 digits or
     * letters, 6 digits.
     */
    private static final Map<DocumentType, Pattern> NUMBERS = Map.of(
            DocumentType.PASSPORT, Pattern.compile("^[0-9]{10}$"),
            DocumentType.DRIVER_LICENSE, Pattern.compile("^[0-9]{2}[0-9A-Z\\p{IsCyrillic}]{2}[0-9]{6}$"),
            DocumentType.VEHICLE_REGISTRATION, Pattern.compile("^[0-9]{2}[0-9A-Z\\p{IsCyrillic}]{2}[0-9]{6}$"));

    private ClientFileRequests() {
    }

    record DocumentRequest(@NotNull DocumentType type,
                           @NotNull @Size(max = 32) String number,
                           @NotNull @PastOrPresent LocalDate issuedAt,
                           LocalDate expiresAt) {

        /** What is stored and compared: no spaces, upper case. */
        String normalizedNumber() {
            return number.replace(" ", "").toUpperCase(Locale.ROOT);
        }

        @AssertTrue(message = "does not look like a number of this type of document")
        boolean isNumberOfItsType() {
            return type == null || number == null || NUMBERS.get(type).matcher(normalizedNumber()).matches();
        }

        @AssertTrue(message = "must be in 1900 or later")
        boolean isIssuedAfter1900() {
            return issuedAt == null || issuedAt.getYear() >= EARLIEST_YEAR;
        }

        @AssertTrue(message = "must be after the issue date")
        boolean isExpiryAfterIssue() {
            return expiresAt == null || issuedAt == null || expiresAt.isAfter(issuedAt);
        }

        @AssertTrue(message = "must be before the year 3000")
        boolean isExpiryPlausible() {
            return expiresAt == null || expiresAt.getYear() < 3000;
        }
    }

    record RelativeRequest(@NotNull Relation relation,
                           @NotNull @jakarta.validation.constraints.Pattern(regexp = FULL_NAME) String fullName,
                           @NotNull @Past LocalDate birthDate,
                           @jakarta.validation.constraints.Pattern(regexp = LICENSE) String licenseNumber,
                           @PastOrPresent LocalDate licenseIssuedAt) {

        @AssertTrue(message = "must be in 1900 or later")
        boolean isBornAfter1900() {
            return birthDate == null || birthDate.getYear() >= EARLIEST_YEAR;
        }

        @AssertTrue(message = "a licence needs both its number and its issue date")
        boolean isLicenceWhole() {
            return (licenseNumber == null) == (licenseIssuedAt == null);
        }

        @AssertTrue(message = "a licence is issued at 16 at the earliest")
        boolean isLicenceAfterDrivingAge() {
            // arithmetic on the checked dates only: a year 999999999 must not overflow
            return birthDate == null || licenseIssuedAt == null || birthDate.getYear() < EARLIEST_YEAR
                    || birthDate.isAfter(LocalDate.now()) || !licenseIssuedAt.isBefore(birthDate.plusYears(MIN_DRIVING_AGE));
        }
    }
}
