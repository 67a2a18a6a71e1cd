package io.policyhub.simulator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code simulator.*}: the insurers and how they behave at start-up (and after {@code POST /reset}).
 *
 * @param deterministic no randomness at all: jitter, error rate and hang rate are ignored
 * @param hangDuration  how long a hanging insurer waits before it answers; far beyond any client timeout
 * @param insurers      by name, the name being the path segment of {@code /insurers/{insurer}}
 */
@Validated
@ConfigurationProperties("simulator")
public record SimulatorProperties(
        boolean deterministic,
        @DefaultValue("10m") Duration hangDuration,
        @DefaultValue Map<String, @Valid Insurer> insurers) {

    /** One insurer: its price level ({@code premium-factor}) and its initial {@link Behaviour}. */
    public record Insurer(
            @DefaultValue("1") @Positive BigDecimal premiumFactor,
            @PositiveOrZero long latencyMs,
            @PositiveOrZero long jitterMs,
            @DecimalMin("0") @DecimalMax("1") double errorRate,
            @DecimalMin("0") @DecimalMax("1") double hangRate,
            @PositiveOrZero int failFirstAttempts,
            boolean hang) {

        Behaviour behaviour() {
            return new Behaviour(latencyMs, jitterMs, errorRate, hangRate, failFirstAttempts, hang);
        }
    }
}
