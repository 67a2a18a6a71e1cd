package io.policyhub.platform.security;

import java.util.UUID;

import io.policyhub.platform.security.sessions.SignInSessions;
import org.springframework.dao.DataAccessException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Accepts a valid token only while its sign-in session is open: logout, a password change and
 * erasure end sessions, and their tokens are refused from the next request on, on every instance.
 * Asked on every request, after the (cached) signature and claims checks.
 */
final class OpenSessionJwtDecoder implements JwtDecoder {

    private final JwtDecoder decoder;
    private final SignInSessions sessions;

    OpenSessionJwtDecoder(JwtDecoder decoder, SignInSessions sessions) {
        this.decoder = decoder;
        this.sessions = sessions;
    }

    @Override
    public Jwt decode(String token) {
        Jwt jwt = decoder.decode(token);
        UUID sessionId;
        try {
            sessionId = UUID.fromString(jwt.getClaimAsString(TokenIssuer.SESSION_CLAIM));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BadJwtException("The token names no sign-in session");
        }
        boolean open;
        try {
            open = sessions.isOpen(sessionId);
        } catch (DataAccessException unavailable) {
            // not the token's fault: answered 503, see ProblemResponses.authenticationFailure
            throw new JwtException("The sign-in sessions cannot be checked right now", unavailable);
        }
        if (!open) {
            throw new BadJwtException("The token's sign-in session has ended");
        }
        return jwt;
    }
}
