package io.policyhub.app.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a JWT's header and claims as a client could (no signature check). */
public final class Jwts {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Jwts() {
    }

    /** A token like {@code like} (its user and session), signed by the application's key, that expires in {@code lifetime}. */
    public static String expiringIn(JwtEncoder signer, String like, Duration lifetime) {
        JsonNode claims = claims(like);
        Instant now = Instant.now();
        JwtClaimsSet expiring = JwtClaimsSet.builder().issuer(claims.get("iss").asString()).audience(List.of("policyhub-api"))
                .subject(claims.get("sub").asString()).claim("sid", claims.get("sid").asString()).claim("roles", List.of("USER"))
                .issuedAt(now).expiresAt(now.plus(lifetime)).build();
        return signer.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), expiring)).getTokenValue();
    }

    public static JsonNode header(String token) {
        return part(token, 0);
    }

    public static JsonNode claims(String token) {
        return part(token, 1);
    }

    private static JsonNode part(String token, int index) {
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8));
    }
}
