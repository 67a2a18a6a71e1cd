package io.policyhub.api.insurance;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The accepted quote was paid at {@code paidAt}: issue its policy (once; a repeat changes nothing). */
public record IssuePolicy(@TargetAggregateIdentifier UUID applicationId, Instant paidAt) {
}
