package io.policyhub.platform.security.partners;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.UUID;

import io.policyhub.api.common.NameBasedUuids;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A B2B partner authenticated by its {@code X-Api-Key}. Partners act as a user of their own,
 * whose id is derived from the partner's name, so their applications belong to them.
 */
public final class PartnerAuthentication extends AbstractAuthenticationToken {

    public static final String HEADER = "X-Api-Key";

    private final String partner;
    private final String apiKey;
    private final long requestsPerSecond;

    private PartnerAuthentication(String partner, String apiKey, long requestsPerSecond, boolean authenticated) {
        super(authenticated ? List.of(new SimpleGrantedAuthority("ROLE_PARTNER")) : List.of());
        this.partner = partner;
        this.apiKey = apiKey;
        this.requestsPerSecond = requestsPerSecond;
        setAuthenticated(authenticated);
    }

    static PartnerAuthentication presented(String apiKey) {
        return new PartnerAuthentication(null, apiKey, 0, false);
    }

    public String partner() {
        return partner;
    }

    public UUID userId() {
        return NameBasedUuids.of("partner:" + partner);
    }

    long requestsPerSecond() {
        return requestsPerSecond;
    }

    @Override
    public Object getCredentials() {
        return apiKey;
    }

    @Override
    public Object getPrincipal() {
        return partner;
    }

    /** Finds the partner whose key matches, comparing in constant time. */
    static AuthenticationProvider provider(PartnerProperties properties) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                byte[] presented = String.valueOf(authentication.getCredentials()).getBytes(StandardCharsets.UTF_8);
                return properties.partners().entrySet().stream()
                        .filter(entry -> entry.getValue().apiKey() != null && MessageDigest.isEqual(presented,
                                entry.getValue().apiKey().getBytes(StandardCharsets.UTF_8)))
                        .findFirst()
                        .map(entry -> new PartnerAuthentication(entry.getKey(), null, entry.getValue().requestsPerSecond(), true))
                        .orElseThrow(() -> new BadCredentialsException("Unknown API key"));
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return PartnerAuthentication.class.isAssignableFrom(authentication);
            }
        };
    }
}
