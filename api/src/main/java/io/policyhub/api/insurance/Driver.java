package io.policyhub.api.insurance;

import java.time.LocalDate;

import io.policyhub.api.common.PersonalData;

public record Driver(@PersonalData String fullName, @PersonalData LocalDate birthDate, @PersonalData String licenseNumber,
                     @PersonalData LocalDate licenseIssuedAt) {
}
