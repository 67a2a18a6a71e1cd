package io.policyhub.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

class BearerTokensTest {

    private final BearerTokens tokens = new BearerTokens();
    private final DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();

    @Test
    void theTokenOfAWellFormedHeaderIsReturned() {
        assertThat(tokens.resolve(request("/api/v1/accounts/me", "Bearer eyJ.a-b_c~d+e/f=="))).isEqualTo("eyJ.a-b_c~d+e/f==");
        assertThat(tokens.resolve(request("/api/v1/accounts/me", "bEARER abc"))).isEqualTo("abc");
    }

    @Test
    void aMalformedHeaderIsRefusedAsSpringRefusesIt() {
        assertThatThrownBy(() -> tokens.resolve(request("/api/v1/accounts/me", "Bearer a b")))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessage("Bearer token is malformed");
    }

    @Test
    void onlyTheWebSocketHandshakeMayCarryTheTokenInTheQuery() {
        MockHttpServletRequest handshake = request("/ws", null);
        handshake.setMethod("GET");
        handshake.setQueryString("access_token=abc");
        handshake.addParameter("access_token", "abc");
        assertThat(tokens.resolve(handshake)).isEqualTo("abc");

        MockHttpServletRequest api = request("/api/v1/accounts/me", null);
        api.setMethod("GET");
        api.setQueryString("access_token=abc");
        api.addParameter("access_token", "abc");
        assertThat(tokens.resolve(api)).isNull();
    }

    @Test
    void theOldMessengersPathsAloneTakeTheTokenWithoutTheBearerWord() {
        assertThat(tokens.resolve(request("/auth/user", "eyJ.abc"))).isEqualTo("eyJ.abc");
        assertThat(tokens.resolve(request("/messenger/messages", "Bearer eyJ.abc"))).isEqualTo("eyJ.abc");
        assertThat(tokens.resolve(request("/api/v1/profile", "eyJ.abc"))).as("v1 wants the word")
                .isNull();
        assertThat(tokens.resolve(request("/auth/user", "eyJ abc"))).as("no token: the request is anonymous").isNull();

        MockHttpServletRequest socket = request("/messenger/ws", null);
        socket.addParameter("token", "eyJ.abc");
        assertThat(tokens.resolve(socket)).isEqualTo("eyJ.abc");
        MockHttpServletRequest messages = request("/messenger/messages", null);
        messages.addParameter("token", "eyJ.abc");
        assertThat(tokens.resolve(messages)).as("only the socket takes ?token=").isNull();
    }

    /** Any header, well-formed or not, resolves to what Spring's resolver makes of it. */
    @Test
    void agreesWithSpringOnEveryHeader() {
        List<String> headers = new ArrayList<>(List.of("", "Bearer", "Bearer ", "Bearer  abc", "Bearer abc ", "Bearer =",
                "Bearer abc=d", "Bearer abc===", "Basic abc", "Bearerabc", "BEARER\tabc", "Bearer äbc", "Bearer a\u212Ab"));
        Random random = new Random(42);
        String alphabet = "aZ09-._~+/= \tBeRr!ä";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder header = new StringBuilder(random.nextBoolean() ? "Bearer " : "bearer");
            for (int n = random.nextInt(12); n > 0; n--) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            headers.add(header.toString());
        }
        for (char c = 0; c < 0x300; c++) {
            headers.add("Bearer a" + c + "b");
        }
        for (String header : headers) {
            assertThat(outcome(() -> tokens.resolve(request("/api", header))))
                    .as(header)
                    .isEqualTo(outcome(() -> spring.resolve(request("/api", header))));
        }
    }

    private static String outcome(java.util.function.Supplier<String> resolve) {
        try {
            return "token " + resolve.get();
        } catch (OAuth2AuthenticationException refused) {
            return "refused " + refused.getError().getDescription();
        }
    }

    private static MockHttpServletRequest request(String path, String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return request;
    }
}
