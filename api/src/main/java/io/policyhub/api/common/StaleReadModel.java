package io.policyhub.api.common;

/**
 * A read model had not caught up with an aggregate's stored events within the read-your-writes
 * wait, or is held back by a parked event of that aggregate ({@code parked}). Travels as the
 * details of a query execution exception, so the HTTP layer answers 503 {@code stale-read-model}
 * wherever the query ran.
 */
public record StaleReadModel(String subject, boolean parked) {
}
