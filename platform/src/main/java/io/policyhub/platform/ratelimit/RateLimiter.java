package io.policyhub.platform.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Token buckets in Redis (Bucket4j), so every limit holds across all instances. A bucket has one or
 * more {@link Limit}s, each {@code capacity} tokens refilled over its {@code period}; a token is
 * taken only when every limit has one, so stacked limits (5 per minute, 20 per day) make the waits
 * grow. Redis unreachable: {@link #tryConsume} lets the request through and logs the outage (a
 * broken limiter must not take the API down), {@link #reserve} refuses it (for limits that guard
 * against attacks, such as password guessing).
 */
@Component
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    /** {@code capacity} tokens, refilled evenly over {@code period}. */
    public record Limit(long capacity, Duration period) {
    }

    /** Redis could not be asked, so a limit that fails closed refuses. */
    public static class Unavailable extends RuntimeException {
        Unavailable(Throwable cause) {
            super("The rate limiter's store cannot be reached", cause);
        }
    }

    private final ProxyManager<byte[]> buckets;

    RateLimiter(RedisClient redisClient) {
        this.buckets = Bucket4jLettuce.casBasedBuilder(redisClient)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
    }

    /** Takes one token; empty when allowed, otherwise how long until a token is available. Fails open. */
    public Optional<Duration> tryConsume(String key, long capacity, Duration period) {
        try {
            return consume(key, List.of(new Limit(capacity, period)));
        } catch (Unavailable redisDown) {
            log.warn("Rate limiter unavailable, allowing {}: {}", key, redisDown.getCause().toString());
            return Optional.empty();
        }
    }

    /**
     * Takes one token from every limit of the bucket before the guarded work runs, so racing
     * requests cannot all pass a check made before any of them is counted; {@link #refund} gives it
     * back when the work turns out not to count (a login that succeeded). Fails closed.
     *
     * @return empty when taken, otherwise how long until a token is available
     * @throws Unavailable when Redis cannot be reached
     */
    public Optional<Duration> reserve(String key, List<Limit> limits) {
        return consume(key, limits);
    }

    /** Gives back a token {@link #reserve} took; lost (logged) when Redis is down meanwhile. */
    public void refund(String key, List<Limit> limits) {
        try {
            bucket(key, limits).addTokens(1);
        } catch (RuntimeException redisDown) {
            log.warn("Rate limiter unavailable, cannot refund {}: {}", key, redisDown.toString());
        }
    }

    /** Seconds for a Retry-After header: rounded up, at least one. */
    public static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private Optional<Duration> consume(String key, List<Limit> limits) {
        ConsumptionProbe probe;
        try {
            probe = bucket(key, limits).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException redisDown) {
            throw new Unavailable(redisDown);
        }
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    private Bucket bucket(String key, List<Limit> limits) {
        ConfigurationBuilder builder = BucketConfiguration.builder();
        limits.forEach(limit -> builder.addLimit(bandwidth -> bandwidth.capacity(limit.capacity())
                .refillGreedy(limit.capacity(), limit.period())));
        BucketConfiguration configuration = builder.build();
        return buckets.getProxy(key.getBytes(StandardCharsets.UTF_8), () -> configuration);
    }
}
