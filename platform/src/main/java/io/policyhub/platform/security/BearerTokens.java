package io.policyhub.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Finds a request's bearer token as Spring's {@link DefaultBearerTokenResolver} does: from the
 * Authorization header, and on the WebSocket handshakes ({@code /ws}, {@code GET /graphql}) also from
 * the {@code access_token} query parameter (browsers cannot set headers on them); on the old
 * messenger's paths also as that messenger sent it.
 *
 * <p>A well-formed Authorization header, which every API call carries, is accepted without Spring's
 * case-insensitive regular expression: matching it took ~7 % of a deposit's request-thread CPU
 * (measured). Whatever this check does not accept goes to Spring's resolver, so missing and malformed
 * tokens get Spring's answers.
 */
final class BearerTokens implements BearerTokenResolver {

    /** The WebSocket endpoints: the gateway's and GraphQL's subscriptions (whose HTTP queries send the header). */
    private static final String WEBSOCKET_PATH = "/ws";
    private static final String GRAPHQL_PATH = "/graphql";
    private static final String SCHEME = "Bearer ";
    /** The old messenger's socket takes its token as {@code ?token=}. */
    private static final String LEGACY_WEBSOCKET_PATH = "/messenger/ws";
    private static final String LEGACY_TOKEN_PARAMETER = "token";

    /** Spring's token alphabet, looked up per character: a token is ~900 of them on every request. */
    private static final boolean[] TOKEN_CHARACTERS = new boolean[128];

    static {
        for (char c = 0; c < TOKEN_CHARACTERS.length; c++) {
            TOKEN_CHARACTERS[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
        }
    }

    private final DefaultBearerTokenResolver headerOnly = new DefaultBearerTokenResolver();
    private final DefaultBearerTokenResolver headerOrQuery = new DefaultBearerTokenResolver();

    BearerTokens() {
        headerOrQuery.setAllowUriQueryParameter(true);
    }

    @Override
    public String resolve(HttpServletRequest request) {
        if (WEBSOCKET_PATH.equals(request.getRequestURI())
                || GRAPHQL_PATH.equals(request.getRequestURI()) && "GET".equals(request.getMethod())) {
            return headerOrQuery.resolve(request);
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && isWellFormed(authorization)) {
            return authorization.substring(SCHEME.length());
        }
        if (isLegacy(request.getRequestURI())) {
            return legacy(request, authorization);
        }
        return headerOnly.resolve(request);
    }

    /**
     * The old messenger's clients send the Authorization header with or without the "Bearer" word,
     * and its socket's token as a query parameter; only on its paths ({@code /auth/}, {@code /messenger/}).
     */
    private String legacy(HttpServletRequest request, String authorization) {
        if (authorization != null && isWellFormed(SCHEME + authorization)) {
            return authorization;
        }
        String token = request.getParameter(LEGACY_TOKEN_PARAMETER);
        if (authorization == null && LEGACY_WEBSOCKET_PATH.equals(request.getRequestURI()) && token != null
                && isWellFormed(SCHEME + token)) {
            return token;
        }
        return headerOnly.resolve(request);
    }

    static boolean isLegacy(String path) {
        return path.startsWith("/auth/") || path.startsWith("/messenger/");
    }

    /** Whether Spring's {@code ^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$}, case-insensitive, matches. */
    static boolean isWellFormed(String authorization) {
        int length = authorization.length();
        if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        int position = SCHEME.length();
        while (position < length && isTokenCharacter(authorization.charAt(position))) {
            position++;
        }
        if (position == SCHEME.length()) {
            return false;
        }
        while (position < length && authorization.charAt(position) == '=') {
            position++;
        }
        return position == length;
    }

    private static boolean isTokenCharacter(char c) {
        return c < TOKEN_CHARACTERS.length && TOKEN_CHARACTERS[c];
    }
}
