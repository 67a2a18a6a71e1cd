package io.policyhub.api.insurance;

import java.util.List;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record SubmitApplication(@TargetAggregateIdentifier UUID applicationId, UUID customerId,
                                ApplicationDetails details, List<String> insurers) {
}
