package io.policyhub.api.insurance;

import java.util.UUID;

import io.policyhub.api.common.NameBasedUuids;

/**
 * Applications require an Idempotency-Key; the id derives from the customer and the key, so a
 * repeated or racing submission targets the same aggregate and starts nothing new.
 */
public final class ApplicationIds {

    private ApplicationIds() {
    }

    public static UUID forIdempotencyKey(UUID customerId, String idempotencyKey) {
        return NameBasedUuids.of("application:" + customerId + ":" + idempotencyKey);
    }
}
