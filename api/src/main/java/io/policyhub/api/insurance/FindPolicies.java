package io.policyhub.api.insurance;

import java.util.UUID;

/** Answers with the customer's {@link PolicyList}, newest first. */
public record FindPolicies(UUID customerId) {
}
