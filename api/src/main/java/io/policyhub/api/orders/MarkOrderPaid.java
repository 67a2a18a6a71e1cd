package io.policyhub.api.orders;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record MarkOrderPaid(@TargetAggregateIdentifier UUID orderId) {
}
