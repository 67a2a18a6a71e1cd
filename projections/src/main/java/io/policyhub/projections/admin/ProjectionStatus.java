package io.policyhub.projections.admin;

/** One streaming processor as operators see it. {@code lag} counts events between it and the head. */
public record ProjectionStatus(String name, String status, boolean replaying, Long position, Long lag) {
}
