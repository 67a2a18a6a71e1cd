package io.policyhub.api.orders;

import java.math.BigDecimal;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record PlaceOrder(@TargetAggregateIdentifier UUID orderId, UUID customerId, BigDecimal price, String description) {
}
