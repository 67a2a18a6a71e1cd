package io.policyhub.api.common;

/**
 * The event store refused a command's events because the aggregate's stream moved on: another
 * command created it first ({@code creation}) or changed it since it was loaded. Travels as the
 * details of a command execution exception, so the dispatching side recognises the conflict the
 * same way whether the aggregate ran in its own process or behind Axon Server.
 */
public record StoreConflict(String message, boolean creation) {
}
