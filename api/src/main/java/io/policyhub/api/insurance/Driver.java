package io.policyhub.api.insurance;

import java.time.LocalDate;

public record Driver(String fullName, LocalDate birthDate, String licenseNumber, LocalDate licenseIssuedAt) {
}
