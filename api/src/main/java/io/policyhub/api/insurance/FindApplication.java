package io.policyhub.api.insurance;

import java.time.Instant;
import java.util.UUID;

/**
 * Answers with an optional {@link ApplicationView}, empty for unknown or foreign applications.
 * With {@code changedAfter}, waits (bounded) until the application changed after that time.
 */
public record FindApplication(UUID applicationId, UUID customerId, Instant changedAfter) {
}
