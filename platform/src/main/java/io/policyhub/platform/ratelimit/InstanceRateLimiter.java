package io.policyhub.platform.ratelimit;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.stereotype.Component;

/**
 * Token buckets (Bucket4j) in this instance's memory, for limits checked on every message of a hot
 * path: chat sends. {@link RateLimiter}'s buckets in Redis hold across instances but cost round
 * trips per check, and concurrent checks of one key retry their compare-and-swap: measured, that
 * took 30 to 40 % of the chat send rate (bench/README.md). Here a check costs no I/O; with N
 * instances a user may reach N times the limit, as sockets are capped per instance too. A bucket
 * idle for an hour is dropped (full again by then, for periods up to an hour).
 */
@Component
public class InstanceRateLimiter {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(1_000_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    /** Takes one token; empty when allowed, otherwise how long until a token is available. */
    public Optional<Duration> tryConsume(String key, long capacity, Duration period) {
        Bucket bucket = buckets.get(key, missing -> Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }
}
