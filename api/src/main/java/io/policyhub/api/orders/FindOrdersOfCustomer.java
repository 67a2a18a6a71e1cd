package io.policyhub.api.orders;

import java.util.UUID;

/** Answers with the customer's {@link OrderView}s, newest first. */
public record FindOrdersOfCustomer(UUID customerId) {
}
