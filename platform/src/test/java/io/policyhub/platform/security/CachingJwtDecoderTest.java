package io.policyhub.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class CachingJwtDecoderTest {

    private final JwtDecoder validator = mock(JwtDecoder.class);
    private final CachingJwtDecoder decoder = new CachingJwtDecoder(validator, 100, Duration.ofMinutes(5));

    @Test
    void aValidatedTokenIsNotCheckedAgain() {
        Jwt jwt = jwt(Instant.now().plusSeconds(600));
        when(validator.decode("token")).thenReturn(jwt);

        assertThat(decoder.decode("token")).isSameAs(jwt);
        assertThat(decoder.decode("token")).isSameAs(jwt);

        verify(validator, times(1)).decode("token");
    }

    @Test
    void anExpiredTokenIsCheckedAgainAndRefused() {
        when(validator.decode("token")).thenReturn(jwt(Instant.now().minusSeconds(1)))
                .thenThrow(new BadJwtException("expired"));

        decoder.decode("token");

        assertThatThrownBy(() -> decoder.decode("token")).isInstanceOf(BadJwtException.class);
    }

    @Test
    void refusedTokensAreNotRemembered() {
        when(validator.decode("forged")).thenThrow(new BadJwtException("bad signature"));

        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);

        verify(validator, times(2)).decode("forged");
    }

    private static Jwt jwt(Instant expiresAt) {
        return Jwt.withTokenValue("token").header("alg", "RS256").subject("user")
                .issuedAt(expiresAt.minusSeconds(3600)).expiresAt(expiresAt).build();
    }
}
