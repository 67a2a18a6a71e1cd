package io.policyhub.api.insurance;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Applications require an Idempotency-Key; the id derives from the customer and the key, so a
 * repeated or racing submission targets the same aggregate and starts nothing new.
 */
public final class ApplicationIds {

    private ApplicationIds() {
    }

    public static UUID forIdempotencyKey(UUID customerId, String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("application:" + customerId + ":" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    }
}
