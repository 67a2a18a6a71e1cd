package io.policyhub.api.insurance;

import io.policyhub.api.common.PersonalData;

public record Vehicle(@PersonalData String vin, String make, String model, int year, int enginePowerHp) {
}
