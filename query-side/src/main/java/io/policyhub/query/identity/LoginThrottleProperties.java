package io.policyhub.query.identity;

import java.time.Duration;
import java.util.List;

import io.policyhub.platform.ratelimit.RateLimiter.Limit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How password guessing is held back ({@code policyhub.security.login-throttle.*}; the limits are
 * set in application.yml).
 *
 * @param perAddressAndUsername failed logins one client address may make for one username; the stacked
 *                              limits make the wait grow (minutes, then hours) while failures go on
 * @param perAddress            failed logins one client address may make over all usernames (spraying)
 * @param concurrentChecks      password checks (bcrypt, ~0.1 s of a core each) one instance runs at once
 * @param checkWait             how long a login waits for a free check before 503 {@code login-busy}
 */
@ConfigurationProperties("policyhub.security.login-throttle")
record LoginThrottleProperties(List<Limit> perAddressAndUsername, List<Limit> perAddress,
                               @DefaultValue("4") int concurrentChecks, @DefaultValue("2s") Duration checkWait) {
}
