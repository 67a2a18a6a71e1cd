package io.policyhub.platform.web;

import java.util.UUID;

/**
 * Who a request runs for: a user (from the access token) or a B2B partner (from its API key),
 * which acts as a user of its own. Controllers take it as a parameter.
 *
 * @param partner the partner's name, null for ordinary users
 */
public record Caller(UUID userId, String partner) {

    public boolean isPartner() {
        return partner != null;
    }
}
