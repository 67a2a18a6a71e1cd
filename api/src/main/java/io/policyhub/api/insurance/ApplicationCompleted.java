package io.policyhub.api.insurance;

import java.util.UUID;

/** Every insurer has answered (quoted or failed). */
public record ApplicationCompleted(UUID applicationId, UUID customerId) {
}
