package io.policyhub.query.identity;

import java.time.Duration;
import java.util.Optional;

import io.policyhub.api.identity.UserIds;
import io.policyhub.platform.ratelimit.RateLimiter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Throttles password guessing: each username has a budget of failed logins (default 5 per 5
 * minutes) in Redis, shared by every instance. Only failures spend it; once it is empty every
 * attempt for that username is refused until it refills.
 */
@Component
class LoginThrottle {

    private final RateLimiter limiter;
    private final long failures;
    private final Duration period;

    LoginThrottle(RateLimiter limiter,
                  @Value("${policyhub.security.login-throttle.failures:5}") long failures,
                  @Value("${policyhub.security.login-throttle.period:5m}") Duration period) {
        this.limiter = limiter;
        this.failures = failures;
        this.period = period;
    }

    /** How long the caller must wait before trying this username again; empty when it may try now. */
    Optional<Duration> waitBefore(String username) {
        return limiter.waitBefore(key(username), failures, period);
    }

    void recordFailure(String username) {
        limiter.tryConsume(key(username), failures, period);
    }

    private static String key(String username) {
        return "login-failures:" + UserIds.normalize(username);
    }
}
