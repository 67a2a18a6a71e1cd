package io.policyhub.query.identity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.policyhub.api.identity.UserIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Throttles password guessing: each username has a budget of failed logins (default 5 per 5
 * minutes) kept in Redis by Bucket4j, so the limit holds across every instance. Only failures
 * spend the budget; once it is empty every attempt for that username is refused until it refills.
 * If Redis is unreachable, logins go on unthrottled (logged): an outage of the limiter must not
 * lock every user out.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final ProxyManager<byte[]> buckets;
    private final BucketConfiguration budget;

    LoginThrottle(RedisClient redisClient,
                  @Value("${policyhub.security.login-throttle.failures:5}") long failures,
                  @Value("${policyhub.security.login-throttle.period:5m}") Duration period) {
        this.buckets = Bucket4jLettuce.casBasedBuilder(redisClient)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(period))
                .build();
        this.budget = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(failures).refillGreedy(failures, period))
                .build();
    }

    /** How long the caller must wait before trying this username again; empty when it may try now. */
    Optional<Duration> waitBefore(String username) {
        try {
            long nanos = bucket(username).estimateAbilityToConsume(1).getNanosToWaitForRefill();
            return nanos > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
        } catch (RuntimeException redisDown) {
            log.warn("Login throttle unavailable, not throttling: {}", redisDown.toString());
            return Optional.empty();
        }
    }

    void recordFailure(String username) {
        try {
            bucket(username).tryConsume(1);
        } catch (RuntimeException redisDown) {
            log.warn("Login throttle unavailable, failure not counted: {}", redisDown.toString());
        }
    }

    private Bucket bucket(String username) {
        byte[] key = ("login-failures:" + UserIds.normalize(username)).getBytes(StandardCharsets.UTF_8);
        return buckets.getProxy(key, () -> budget);
    }
}
