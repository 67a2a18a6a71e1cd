package io.policyhub.api.insurance;

/** What insurers need to quote an OSAGO policy. */
public record ApplicationDetails(Vehicle vehicle, Driver driver, String region) {
}
