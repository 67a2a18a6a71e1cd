package io.policyhub.command.insurance;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The partner insurers and how they are asked.
 *
 * @param insurers           each insurer's quote endpoint, by name; every application asks all of them
 * @param requestTimeout     how long one call may take before it counts as failed
 * @param maxAttempts        attempts per insurer, the first included
 * @param retryBackoff       pause before the second attempt, doubled for each further one
 * @param perUserLimit       applications one user may submit within {@code perUserPeriod}
 * @param perUserPeriod      the window of {@code perUserLimit}
 * @param maxConcurrentCalls calls in flight to one insurer (its bulkhead); one more fails at once, so a hanging
 *                           insurer holds at most this many of the scheduler's threads
 * @param breaker            when an insurer's circuit opens: its calls then fail at once instead of waiting
 */
@ConfigurationProperties("policyhub.insurance")
public record InsuranceSettings(Map<String, URI> insurers,
                                @DefaultValue("60s") Duration requestTimeout,
                                @DefaultValue("3") int maxAttempts,
                                @DefaultValue("1s") Duration retryBackoff,
                                @DefaultValue("1") long perUserLimit,
                                @DefaultValue("1m") Duration perUserPeriod,
                                @DefaultValue("6") int maxConcurrentCalls,
                                @DefaultValue Breaker breaker) {

    public List<String> insurerNames() {
        return List.copyOf(insurers.keySet());
    }

    /**
     * An insurer's circuit breaker: open when at least {@code failureRatePercent} of the last
     * {@code window} calls failed (once {@code minimumCalls} were made), for {@code openFor}; then a
     * few trial calls decide whether it closes again.
     */
    public record Breaker(@DefaultValue("20") int window,
                          @DefaultValue("10") int minimumCalls,
                          @DefaultValue("50") float failureRatePercent,
                          @DefaultValue("30s") Duration openFor) {
    }
}
