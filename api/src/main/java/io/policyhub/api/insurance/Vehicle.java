package io.policyhub.api.insurance;

public record Vehicle(String vin, String make, String model, int year, int enginePowerHp) {
}
