package io.policyhub.api.insurance;

import java.util.UUID;

/** The insurer did not quote after the last attempt. */
public record QuoteFailed(UUID applicationId, String insurer, int attempts, String error) {
}
