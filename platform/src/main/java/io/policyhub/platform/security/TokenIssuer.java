package io.policyhub.platform.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import io.policyhub.platform.security.sessions.SignInSessions;
import io.policyhub.platform.security.sessions.SignInSessions.Refreshable;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/**
 * Issues what {@link SecurityConfiguration} accepts: short-lived access tokens signed with the
 * current key (its {@code kid} in the header), each naming its sign-in session ({@code sid}), and the
 * session's rotating refresh token beside it.
 */
public class TokenIssuer {

    public static final String SESSION_CLAIM = "sid";

    private final JwtEncoder encoder;
    private final JwtKeys keys;
    private final JwtProperties properties;
    private final SignInSessions sessions;

    TokenIssuer(JwtEncoder encoder, JwtKeys keys, JwtProperties properties, SignInSessions sessions) {
        this.encoder = encoder;
        this.keys = keys;
        this.properties = properties;
        this.sessions = sessions;
    }

    /** A login: a new session and its first tokens. */
    public Tokens signIn(UUID userId, boolean administrator) {
        return tokens(sessions.start(userId), administrator);
    }

    /**
     * The next tokens of a session, the refresh token spent; empty when it cannot be refreshed (then
     * the client signs in again). {@code administrator} is asked afresh: a role taken away holds from
     * the next refresh on.
     */
    public Optional<Tokens> refresh(String refreshToken, Predicate<UUID> administrator) {
        return sessions.refresh(refreshToken).map(session -> tokens(session, administrator.test(session.userId())));
    }

    private Tokens tokens(Refreshable session, boolean administrator) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(properties.lifetime());
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .audience(List.of(properties.audience()))
                .subject(session.userId().toString())
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim(SESSION_CLAIM, session.sessionId().toString())
                .claim(SecurityConfiguration.ROLES_CLAIM, administrator ? List.of("USER", "ADMIN") : List.of("USER"))
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keys.signing().getKeyID()).build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new Tokens(token, session.refreshToken(), "Bearer", properties.lifetime().toSeconds());
    }

    /** The answer of login and refresh (API.md). */
    public record Tokens(String accessToken, String refreshToken, String tokenType, long expiresIn) {
    }
}
