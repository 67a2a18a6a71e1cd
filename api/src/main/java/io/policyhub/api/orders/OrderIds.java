package io.policyhub.api.orders;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * An order placed with an Idempotency-Key gets an id derived from the customer and the key: a
 * repeated or racing request targets the same aggregate, whose creation the event store accepts
 * once. Without a key every order gets a fresh id.
 */
public final class OrderIds {

    private OrderIds() {
    }

    public static UUID forIdempotencyKey(UUID customerId, String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("order:" + customerId + ":" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    }
}
