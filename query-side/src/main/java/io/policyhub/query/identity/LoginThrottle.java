package io.policyhub.query.identity;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.policyhub.api.identity.UserIds;
import io.policyhub.platform.ratelimit.RateLimiter;
import io.policyhub.platform.ratelimit.RateLimiter.Limit;
import io.policyhub.platform.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Holds password guessing back without letting anyone lock a user out. A login first takes a token
 * from two Redis buckets shared by every instance: its client address with that username, and its
 * client address alone (spraying many usernames). The password is checked only with both tokens in
 * hand, so a burst of parallel guesses gets no more checks than the budget, and the tokens are given
 * back when the password was right: only failures count. The budgets are per client address, so the
 * waits fall on whoever fails, never on the user's own logins from elsewhere. Apart from the budgets,
 * an instance runs at most a few bcrypt checks at once. Redis unreachable: logins are refused (503),
 * since a guessing limit that fails open is no limit.
 */
@Component
class LoginThrottle {

    private final RateLimiter limiter;
    private final List<Limit> perAddressAndUsername;
    private final List<Limit> perAddress;
    private final Semaphore checks;
    private final Duration checkWait;

    LoginThrottle(RateLimiter limiter, LoginThrottleProperties properties) {
        this.limiter = limiter;
        this.perAddressAndUsername = properties.perAddressAndUsername();
        this.perAddress = properties.perAddress();
        this.checks = new Semaphore(properties.concurrentChecks(), true);
        this.checkWait = properties.checkWait();
    }

    /**
     * Runs the password check within the budgets and the cap on parallel checks.
     *
     * @param check what the login gives when the password was right, empty when it was wrong
     * @throws ProblemException 429 {@code too-many-login-failures} with the wait, 503 {@code login-busy}
     *                          when no check is free in time, 503 {@code login-unavailable} without Redis
     */
    <T> Optional<T> attempt(String username, String clientAddress, Supplier<Optional<T>> check) {
        String pairKey = "login-failures:" + clientAddress + ":" + UserIds.normalize(username);
        String addressKey = "login-failures:" + clientAddress;
        reserve(pairKey, perAddressAndUsername, null);
        reserve(addressKey, perAddress, pairKey);
        boolean failed = false;
        try {
            Optional<T> outcome = checked(check);
            failed = outcome.isEmpty();
            return outcome;
        } finally {
            // only a wrong password spends the budget: not a right one, nor a check that never ran (busy, an error)
            if (!failed) {
                limiter.refund(pairKey, perAddressAndUsername);
                limiter.refund(addressKey, perAddress);
            }
        }
    }

    private void reserve(String key, List<Limit> limits, String reservedBefore) {
        Optional<Duration> wait;
        try {
            wait = limiter.reserve(key, limits);
        } catch (RateLimiter.Unavailable redisDown) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "login-unavailable",
                    "Logins are paused while the login limits cannot be checked; retry shortly", 5L);
        }
        if (wait.isPresent()) {
            if (reservedBefore != null) {
                limiter.refund(reservedBefore, perAddressAndUsername);
            }
            long seconds = RateLimiter.retryAfterSeconds(wait.get());
            throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "too-many-login-failures",
                    "Too many failed logins from this address; retry in " + seconds + " s", seconds);
        }
    }

    private <T> Optional<T> checked(Supplier<Optional<T>> check) {
        boolean acquired;
        try {
            acquired = checks.tryAcquire(checkWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "login-busy",
                    "Too many logins are being checked right now; retry in a moment", 1L);
        }
        try {
            return check.get();
        } finally {
            checks.release();
        }
    }
}
