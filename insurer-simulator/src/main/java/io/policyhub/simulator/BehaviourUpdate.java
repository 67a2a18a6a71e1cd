package io.policyhub.simulator;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.PositiveOrZero;

/** Body of {@code PUT /insurers/{insurer}/behaviour}: a field left out (null) keeps its current value. */
public record BehaviourUpdate(
        @PositiveOrZero Long latencyMs,
        @PositiveOrZero Long jitterMs,
        @DecimalMin("0") @DecimalMax("1") Double errorRate,
        @DecimalMin("0") @DecimalMax("1") Double hangRate,
        @PositiveOrZero Integer failFirstAttempts,
        Boolean hang) {
}
