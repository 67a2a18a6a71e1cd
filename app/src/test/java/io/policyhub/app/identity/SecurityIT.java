package io.policyhub.app.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.policyhub.api.accounts.AccountIds;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.EventLog;
import io.policyhub.app.support.IntegrationTest;
import io.policyhub.app.support.Jwts;
import io.policyhub.platform.security.JwtKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Every kind of bad token is refused with 401/403 and changes nothing. */
@IntegrationTest
class SecurityIT {

    private static final String DEPOSIT = "{\"amount\": 10}";

    @LocalServerPort
    int port;

    @Autowired
    EventLog events;

    @Autowired
    JwtEncoder realSigner;

    @Autowired
    JwtKeys keys;

    private Api api;
    private Api.User victim;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        victim = api.newUser();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/accounts/me", "/api/v1/profile", "/api/v1/admin/projections"})
    void requestsWithoutATokenAreUnauthorized(String path) {
        Api.Response response = api.get(path, null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-jwt", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30.AAAA"})
    void malformedTokensAreUnauthorized(String token) {
        assertRefused(token, 401);
    }

    @Test
    void tokensSignedWithAnotherKeyAreUnauthorized() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var pair = generator.generateKeyPair();
        JwtEncoder forger = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(
                new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate()).build())));

        assertRefused(sign(forger, victim.userId(), Instant.now().plusSeconds(600)), 401);
    }

    @Test
    void expiredTokensAreUnauthorized() {
        assertRefused(sign(realSigner, victim.userId(), Instant.now().minusSeconds(3600)), 401);
    }

    @Test
    void unsignedTokensAreUnauthorized() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(("{\"iss\":\"policyhub\",\"sub\":\"" + victim.userId()
                + "\",\"roles\":[\"USER\",\"ADMIN\"],\"exp\":" + Instant.now().plusSeconds(600).getEpochSecond() + "}")
                .getBytes(StandardCharsets.UTF_8));

        assertRefused(header + "." + claims + ".", 401);
    }

    @Test
    void ordinaryUsersAreForbiddenTheAdminEndpoints() {
        Api.User intruder = api.newUser();

        assertThat(api.get("/api/v1/admin/projections", intruder.token()).status()).isEqualTo(403);
    }

    @Test
    void oneUsersTokenReachesOnlyThatUsersData() {
        Api.User intruder = api.newUser();
        api.post("/api/v1/accounts/me/deposits", victim.token(), "{\"amount\": 40}");

        assertThat(api.get("/api/v1/users/" + victim.userId() + "/profile", intruder.token()).status()).isEqualTo(403);
        // "me" always means the token's subject: the intruder only ever sees and moves its own money
        Api.Response own = api.get("/api/v1/accounts/me", intruder.token());
        assertThat(own.json().get("userId").asString()).isEqualTo(intruder.userId().toString());
        assertThat(own.json().get("balance").decimalValue()).isZero();
        assertThat(api.get("/api/v1/accounts/me", victim.token()).json().get("balance").decimalValue())
                .isEqualByComparingTo("40");
    }

    private void assertRefused(String token, int status) {
        long before = victimEvents();

        assertThat(api.get("/api/v1/accounts/me", token).status()).isEqualTo(status);
        assertThat(api.get("/api/v1/profile", token).status()).isEqualTo(status);
        assertThat(api.post("/api/v1/accounts/me/deposits", token, DEPOSIT).status()).isEqualTo(status);
        assertThat(api.put("/api/v1/profile", token, "{\"firstName\": \"Mallory\"}").status()).isEqualTo(status);
        assertThat(api.get("/api/v1/admin/projections", token).status()).isEqualTo(status);

        assertThat(victimEvents()).as("nothing changed").isEqualTo(before);
    }

    private long victimEvents() {
        return events.count(victim.userId().toString()) + events.count(AccountIds.forOwner(victim.userId()).toString());
    }

    private static String sign(JwtEncoder signer, UUID subject, Instant expiresAt) {
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer("policyhub")
                .subject(subject.toString())
                .issuedAt(expiresAt.minusSeconds(3600))
                .expiresAt(expiresAt)
                .claim("roles", List.of("USER", "ADMIN"))
                .build();
        return signer.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims)).getTokenValue();
    }

    /** A token signed with the real key, with the victim's open session: as valid as one can be, then changed. */
    private String forge(boolean withKeyId, Consumer<Map<String, Object>> change) {
        Map<String, Object> claims = new HashMap<>(Map.of(
                "iss", "policyhub", "aud", List.of("policyhub-api"), "sub", victim.userId().toString(),
                "iat", Instant.now().minusSeconds(5), "exp", Instant.now().plusSeconds(300),
                "sid", Jwts.claims(victim.token()).get("sid").asString(), "roles", List.of("USER")));
        change.accept(claims);
        // Spring's encoder names the key by its kid whenever the key has one
        JwtEncoder signer = withKeyId ? realSigner : new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(
                new RSAKey.Builder(keys.signing()).keyID(null).build())));
        JwsHeader.Builder header = JwsHeader.with(SignatureAlgorithm.RS256);
        return signer.encode(JwtEncoderParameters.from(header.build(), JwtClaimsSet.builder().claims(all -> all.putAll(claims)).build()))
                .getTokenValue();
    }

    @Test
    void aTokenWithEveryRequiredPartIsAcceptedSoEachVariantBelowIsRefusedForWhatItLacks() {
        assertThat(api.get("/api/v1/accounts/me", forge(true, claims -> { })).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp", "iat", "aud", "iss", "sid"})
    void aTokenWithoutARequiredClaimIsUnauthorized(String claim) {
        assertRefused(forge(true, claims -> claims.remove(claim)), 401);
    }

    @Test
    void aTokenForAnotherAudienceOrAnUnknownSessionOrWithoutAKeyIdIsUnauthorized() {
        assertRefused(forge(true, claims -> claims.put("aud", List.of("another-service"))), 401);
        assertRefused(forge(true, claims -> claims.put("sid", UUID.randomUUID().toString())), 401);
        assertRefused(forge(false, claims -> { }), 401);
    }
}
