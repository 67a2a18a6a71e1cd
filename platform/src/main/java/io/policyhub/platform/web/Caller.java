package io.policyhub.platform.web;

import java.util.UUID;

/**
 * Who a request runs for: a user (from the access token) or a B2B partner (from its API key),
 * which acts as a user of its own. Controllers take it as a parameter.
 *
 * @param partner   the partner's name, null for ordinary users
 * @param sessionId the sign-in session of the user's access token, null for partners
 */
public record Caller(UUID userId, String partner, UUID sessionId) {

    public boolean isPartner() {
        return partner != null;
    }
}
