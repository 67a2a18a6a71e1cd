package io.policyhub.platform.security;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How tokens are signed and checked.
 *
 * @param keyDir              directory with {@code private-key.pem} (PKCS#8) and {@code public-key.pem} (X.509)
 * @param generateMissingKeys create the key pair on first start (local profile only); elsewhere keys are mounted secrets
 * @param issuer              the {@code iss} claim written and required
 * @param lifetime            how long an access token is valid
 */
@ConfigurationProperties("policyhub.security.jwt")
public record JwtProperties(Path keyDir,
                            @DefaultValue("false") boolean generateMissingKeys,
                            @DefaultValue("policyhub") String issuer,
                            @DefaultValue("1h") Duration lifetime) {
}
