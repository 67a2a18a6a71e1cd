package io.policyhub.api.insurance;

import java.util.UUID;

/** Answers with the customer's {@link ApplicationList}, newest first. */
public record FindApplications(UUID customerId) {
}
