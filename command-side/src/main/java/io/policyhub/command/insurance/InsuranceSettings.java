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
 * @param insurers       each insurer's quote endpoint, by name; every application asks all of them
 * @param requestTimeout how long one call may take before it counts as failed
 * @param maxAttempts    attempts per insurer, the first included
 * @param retryBackoff   pause before the second attempt, doubled for each further one
 * @param perUserLimit   applications one user may submit within {@code perUserPeriod}
 * @param perUserPeriod  the window of {@code perUserLimit}
 */
@ConfigurationProperties("policyhub.insurance")
public record InsuranceSettings(Map<String, URI> insurers,
                                @DefaultValue("60s") Duration requestTimeout,
                                @DefaultValue("3") int maxAttempts,
                                @DefaultValue("1s") Duration retryBackoff,
                                @DefaultValue("1") long perUserLimit,
                                @DefaultValue("1m") Duration perUserPeriod) {

    public List<String> insurerNames() {
        return List.copyOf(insurers.keySet());
    }
}
