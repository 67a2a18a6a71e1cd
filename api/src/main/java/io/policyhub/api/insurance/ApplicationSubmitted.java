package io.policyhub.api.insurance;

import java.util.List;
import java.util.UUID;

import io.policyhub.api.common.DataSubject;

/** Starts one quote task per insurer. */
public record ApplicationSubmitted(UUID applicationId, @DataSubject UUID customerId, ApplicationDetails details, List<String> insurers) {
}
