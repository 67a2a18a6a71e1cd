package io.policyhub.platform.web;

import java.util.UUID;

import io.policyhub.platform.security.TokenIssuer;
import io.policyhub.platform.security.partners.PartnerAuthentication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who a request runs for: a user (from the access token) or a B2B partner (from its API key),
 * which acts as a user of its own. REST controllers take it as a parameter, GraphQL controllers
 * make it from their {@link Authentication}.
 *
 * @param partner   the partner's name, null for ordinary users
 * @param sessionId the sign-in session of the user's access token, null for partners
 */
public record Caller(UUID userId, String partner, UUID sessionId) {

    /** The caller an authentication stands for; 401 when it is none the API accepts. */
    public static Caller of(Authentication authentication) {
        if (authentication instanceof PartnerAuthentication partner) {
            return new Caller(partner.userId(), partner.partner(), null);
        }
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            throw new ProblemException(HttpStatus.UNAUTHORIZED, "unauthorized", "A valid bearer token is required");
        }
        try {
            return new Caller(UUID.fromString(token.getToken().getSubject()), null,
                    UUID.fromString(token.getToken().getClaimAsString(TokenIssuer.SESSION_CLAIM)));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProblemException(HttpStatus.UNAUTHORIZED, "unauthorized", "The token's subject is not a user id");
        }
    }

    public boolean isPartner() {
        return partner != null;
    }
}
