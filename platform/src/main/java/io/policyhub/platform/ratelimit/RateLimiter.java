package io.policyhub.platform.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Token buckets in Redis (Bucket4j), so every limit holds across all instances. A bucket holds
 * {@code capacity} tokens and refills them over {@code period}. If Redis cannot be reached the
 * request is allowed and the outage logged: a broken limiter must not take the API down with it.
 */
@Component
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    private final ProxyManager<byte[]> buckets;

    RateLimiter(RedisClient redisClient) {
        this.buckets = Bucket4jLettuce.casBasedBuilder(redisClient)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
    }

    /** Takes one token; empty when allowed, otherwise how long until a token is available. */
    public Optional<Duration> tryConsume(String key, long capacity, Duration period) {
        try {
            ConsumptionProbe probe = bucket(key, capacity, period).tryConsumeAndReturnRemaining(1);
            return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        } catch (RuntimeException redisDown) {
            log.warn("Rate limiter unavailable, allowing {}: {}", key, redisDown.toString());
            return Optional.empty();
        }
    }

    /** Like {@link #tryConsume} but takes nothing: whether a token would be available now. */
    public Optional<Duration> waitBefore(String key, long capacity, Duration period) {
        try {
            long nanos = bucket(key, capacity, period).estimateAbilityToConsume(1).getNanosToWaitForRefill();
            return nanos > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
        } catch (RuntimeException redisDown) {
            log.warn("Rate limiter unavailable, allowing {}: {}", key, redisDown.toString());
            return Optional.empty();
        }
    }

    /** Seconds for a Retry-After header: rounded up, at least one. */
    public static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private Bucket bucket(String key, long capacity, Duration period) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period))
                .build();
        return buckets.getProxy(key.getBytes(StandardCharsets.UTF_8), () -> configuration);
    }
}
