package io.policyhub.api.insurance;

import java.util.List;
import java.util.UUID;

/** Starts one quote task per insurer. */
public record ApplicationSubmitted(UUID applicationId, UUID customerId, ApplicationDetails details, List<String> insurers) {
}
