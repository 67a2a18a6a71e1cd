package io.policyhub.api.common;

/**
 * A command addressed an aggregate that does not exist (or is of another type). Travels as the
 * details of a command execution exception, so that the dispatching side, in whatever process,
 * sees Axon's own "not found" again (404), as it does when handler and caller share a JVM.
 */
public record MissingAggregate(String aggregateId, String message) {
}
