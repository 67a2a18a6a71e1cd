package io.policyhub.platform.security;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How tokens are signed and checked.
 *
 * @param keyDir                directory with {@code private-key.pem} (PKCS#8), {@code public-key.pem} (X.509) and
 *                              the retired public keys {@code retired-*.pem} (see {@link JwtKeys})
 * @param generateMissingKeys   create the key pair on first start (local profile only); elsewhere keys are mounted secrets
 * @param issuer                the {@code iss} claim written and required
 * @param audience              the {@code aud} claim written and required
 * @param lifetime              how long an access token is valid: 5 to 15 minutes; a session goes on by refreshing
 * @param refreshTokenLifetime  how long a session can be refreshed after its login, at most
 */
@ConfigurationProperties("policyhub.security.jwt")
public record JwtProperties(Path keyDir,
                            @DefaultValue("false") boolean generateMissingKeys,
                            @DefaultValue("policyhub") String issuer,
                            @DefaultValue("policyhub-api") String audience,
                            @DefaultValue("10m") Duration lifetime,
                            @DefaultValue("30d") Duration refreshTokenLifetime) {

    public JwtProperties {
        if (lifetime.compareTo(Duration.ofMinutes(5)) < 0 || lifetime.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException("policyhub.security.jwt.lifetime must be 5 to 15 minutes, not " + lifetime);
        }
    }
}
