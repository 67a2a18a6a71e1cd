package io.policyhub.api.orders;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * An order placed with an Idempotency-Key gets an id derived from the customer and the key: a
 * repeated or racing request targets the same aggregate, whose creation the event store accepts
 * once. Without a key every order gets a fresh id. Orders the server places for its own flows
 * derive theirs from another namespace, which no client key can reach.
 */
public final class OrderIds {

    private OrderIds() {
    }

    public static UUID forIdempotencyKey(UUID customerId, String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("order:" + customerId + ":" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    }

    /** The order that pays an accepted OSAGO quote: one per application, never a client's keyed order. */
    public static UUID forAcceptedQuote(UUID applicationId) {
        return UUID.nameUUIDFromBytes(("osago-quote-order:" + applicationId).getBytes(StandardCharsets.UTF_8));
    }
}
