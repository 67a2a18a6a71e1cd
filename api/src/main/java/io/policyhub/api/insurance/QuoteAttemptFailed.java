package io.policyhub.api.insurance;

import java.util.UUID;

/** One attempt at an insurer failed; it will be retried. */
public record QuoteAttemptFailed(UUID applicationId, String insurer, int attempt, String error) {
}
