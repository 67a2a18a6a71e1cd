package io.policyhub.api.insurance;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An attempt failed and another one follows; or, when {@code last}, the insurer is given up. */
public record RecordQuoteAttemptFailure(@TargetAggregateIdentifier UUID applicationId, String insurer, int attempt,
                                        String error, boolean last) {
}
