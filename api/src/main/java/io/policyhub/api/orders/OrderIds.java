package io.policyhub.api.orders;

import java.util.UUID;

import io.policyhub.api.common.NameBasedUuids;

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
        return NameBasedUuids.of("order:" + customerId + ":" + idempotencyKey);
    }

    /** The order that pays an accepted OSAGO quote: one per application, never a client's keyed order. */
    public static UUID forAcceptedQuote(UUID applicationId) {
        return NameBasedUuids.of("osago-quote-order:" + applicationId);
    }
}
