package io.policyhub.app.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.StreamSupport;

import io.policyhub.app.support.Api;
import io.policyhub.app.support.Concurrently;
import io.policyhub.app.support.IntegrationTest;
import io.policyhub.app.support.Jwts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Sign-in sessions: short access tokens, rotating refresh tokens, logout, sessions ended by a password change. */
@IntegrationTest
class SessionsIT {

    private static final String ME = "/api/v1/accounts/me";

    @LocalServerPort
    int port;

    private Api api;
    private Api.User user;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        user = api.newUser();
    }

    @Test
    void accessTokensAreShortLivedNamedByKeyAndAudienceAndTheirKeysArePublished() {
        JsonNode login = signIn();
        String token = login.get("accessToken").asString();
        JsonNode claims = Jwts.claims(token);

        assertThat(login.get("expiresIn").asLong()).isEqualTo(600);
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(600);
        assertThat(claims.get("iss").asString()).isEqualTo("policyhub");
        assertThat(claims.get("aud").toString()).contains("policyhub-api");
        assertThat(claims.get("sid").asString()).isNotBlank();
        assertThat(claims.get("jti").asString()).isNotBlank();

        Api.Response jwks = api.get("/.well-known/jwks.json", null);
        assertThat(jwks.status()).isEqualTo(200);
        List<JsonNode> keys = StreamSupport.stream(jwks.json().get("keys").spliterator(), false).toList();
        assertThat(keys).extracting(key -> key.get("kid").asString()).contains(Jwts.header(token).get("kid").asString());
        assertThat(keys).allSatisfy(key -> {
            assertThat(key.get("kty").asString()).isEqualTo("RSA");
            assertThat(key.has("d")).as("no private part").isFalse();
        });
    }

    @Test
    void refreshRotatesAndASpentRefreshTokenEndsTheWholeSession() {
        JsonNode first = signIn();
        JsonNode second = refresh(first.get("refreshToken").asString());
        assertThat(second.get("accessToken").asString()).isNotEqualTo(first.get("accessToken").asString());
        assertThat(second.get("refreshToken").asString()).isNotEqualTo(first.get("refreshToken").asString());
        assertThat(second.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(Jwts.claims(second.get("accessToken").asString()).get("sid").asString())
                .as("the same session").isEqualTo(Jwts.claims(first.get("accessToken").asString()).get("sid").asString());
        assertThat(api.get(ME, second.get("accessToken").asString()).status()).isEqualTo(200);

        Api.Response reused = api.post("/api/v1/auth/refresh", null, refreshBody(first.get("refreshToken").asString()));
        assertThat(reused.status()).as("a spent token, copied").isEqualTo(401);
        assertThat(reused.json().get("type").asString()).endsWith("/problems/invalid-refresh-token");

        assertThat(api.get(ME, second.get("accessToken").asString()).status()).as("the family is revoked").isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh", null, refreshBody(second.get("refreshToken").asString())).status()).isEqualTo(401);
        assertThat(api.get(ME, user.token()).status()).as("other sessions go on").isEqualTo(200);
    }

    @Test
    void racingRefreshesWithOneTokenGetOneAnswerAtMost() throws Exception {
        String refreshToken = signIn().get("refreshToken").asString();
        List<Integer> statuses = Concurrently.run(8, 8, i -> api.post("/api/v1/auth/refresh", null, refreshBody(refreshToken)).status());
        assertThat(statuses.stream().filter(status -> status == 200)).hasSizeLessThanOrEqualTo(1);
        assertThat(statuses).containsOnly(200, 401);
    }

    @Test
    void logoutEndsTheSessionAtOnceAndOnlyIt() {
        JsonNode session = signIn();
        String token = session.get("accessToken").asString();
        assertThat(api.get(ME, token).status()).isEqualTo(200);

        assertThat(api.post("/api/v1/auth/logout", token, "{}").status()).isEqualTo(204);

        assertThat(api.get(ME, token).status()).as("its access token, at once").isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh", null, refreshBody(session.get("refreshToken").asString())).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/logout", token, "{}").status()).isEqualTo(401);
        assertThat(api.get(ME, user.token()).status()).as("the user's other session").isEqualTo(200);
    }

    @Test
    void aPasswordChangeEndsEveryOtherSession() {
        JsonNode other = signIn();
        JsonNode current = signIn();
        Api.Response changed = api.post("/api/v1/auth/password", current.get("accessToken").asString(),
                "{\"oldPassword\": \"" + Api.PASSWORD + "\", \"newPassword\": \"a-fresh-start-2026\"}");
        assertThat(changed.status()).isEqualTo(204);

        assertThat(api.get(ME, other.get("accessToken").asString()).status()).isEqualTo(401);
        assertThat(api.get(ME, user.token()).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh", null, refreshBody(other.get("refreshToken").asString())).status()).isEqualTo(401);
        assertThat(api.get(ME, current.get("accessToken").asString()).status()).as("the session that changed it").isEqualTo(200);
        assertThat(refresh(current.get("refreshToken").asString()).get("accessToken").asString()).isNotBlank();
    }

    @Test
    void garbageRefreshTokensAreRefusedWithoutEffect() {
        for (String garbage : List.of("", "x", "not-a-token-at-all", "A".repeat(43))) {
            Api.Response refused = api.post("/api/v1/auth/refresh", null, refreshBody(garbage));
            assertThat(refused.status()).as(garbage).isIn(400, 401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(api.post("/api/v1/auth/refresh", null, "{}").status()).isEqualTo(400);
        assertThat(api.get(ME, user.token()).status()).isEqualTo(200);
    }

    private JsonNode signIn() {
        Api.Response login = api.login(user.username(), Api.PASSWORD);
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return login.json();
    }

    private JsonNode refresh(String refreshToken) {
        Api.Response refreshed = api.post("/api/v1/auth/refresh", null, refreshBody(refreshToken));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        return refreshed.json();
    }

    private static String refreshBody(String refreshToken) {
        return "{\"refreshToken\": \"" + refreshToken + "\"}";
    }
}
