package io.policyhub.api.orders;

import java.util.UUID;

/**
 * Answers with an optional {@link OrderView}, empty when the order does not exist or belongs to
 * someone else. With {@code awaitFinalState} the query waits (bounded) while the order is PENDING.
 */
public record FindOrder(UUID orderId, UUID customerId, boolean awaitFinalState) {
}
