package io.policyhub.api.insurance;

import java.math.BigDecimal;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordQuote(@TargetAggregateIdentifier UUID applicationId, String insurer, BigDecimal premium, int attempts) {
}
