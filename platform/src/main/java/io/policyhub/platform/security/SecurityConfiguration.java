package io.policyhub.platform.security;

import java.time.Duration;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.policyhub.platform.ratelimit.RateLimiter;
import io.policyhub.platform.security.partners.PartnerProperties;
import io.policyhub.platform.security.partners.PartnerSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Every endpoint but registration, login and health needs a valid RS256 access token, checked by
 * Spring Security's OAuth2 resource server. Admin endpoints need the ADMIN role. B2B partners may
 * call the quote API with an {@code X-Api-Key} instead, within their own request budget. The WebSocket
 * handshake may carry the token as {@code access_token} query parameter, since browsers cannot
 * set headers on it; everywhere else the Authorization header is required.
 */
@Configuration
class SecurityConfiguration {

    static final String ROLES_CLAIM = "roles";
    // a validated token takes ~3 KB of heap: 10,000 of them ~30 MB of the 512 MB the app runs with
    private static final long VALIDATED_TOKENS = 10_000;

    @Bean
    JwtKeys jwtKeys(JwtProperties properties) {
        return JwtKeys.load(properties);
    }

    @Bean
    JwtDecoder jwtDecoder(JwtKeys keys, JwtProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(keys.publicKey())
                .signatureAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(properties.issuer()));
        return new CachingJwtDecoder(decoder, VALIDATED_TOKENS, Duration.ofMinutes(5));
    }

    @Bean
    JwtEncoder jwtEncoder(JwtKeys keys) {
        RSAKey key = new RSAKey.Builder(keys.publicKey()).privateKey(keys.privateKey()).build();
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
    }

    /**
     * Spring Security would wrap every filter and the authentication manager in observations; even
     * with their metrics switched off the wrappers cost ~8 % of a request's CPU (measured). The
     * per-endpoint HTTP metrics stay.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        // bcrypt today; the {id} prefix lets stored hashes move to a stronger scheme later
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, PartnerProperties partners, RateLimiter limiter) throws Exception {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(ROLES_CLAIM);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
        authentication.setJwtGrantedAuthoritiesConverter(roles);

        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // tokens expire; there is no session to log out of
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.POST, "/api/v1/auth/register", "/api/v1/auth/login").permitAll()
                        .requestMatchers("/actuator/health/**", "/livez", "/readyz", "/error").permitAll()
                        // scraped by Prometheus inside the deployment; no user data
                        .requestMatchers("/actuator/prometheus").permitAll()
                        // the API description, no data
                        .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/api/v1/admin/**").hasRole("ADMIN")
                        // B2B partners use the quote API with their API key, nothing else
                        .requestMatchers("/api/v1/insurance/**").hasAnyRole("USER", "PARTNER")
                        .anyRequest().hasRole("USER"))
                .addFilterBefore(PartnerSecurity.authenticationFilter(partners, ProblemResponses.unauthorized()),
                        BearerTokenAuthenticationFilter.class)
                .addFilterAfter(PartnerSecurity.budgetFilter(limiter), BearerTokenAuthenticationFilter.class)
                .oauth2ResourceServer(server -> server
                        .bearerTokenResolver(new BearerTokens())
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(authentication)))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden()))
                .build();
    }

    /** The firewall's refusals answer problem+json like every other error (its default writes no body). */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return ProblemResponses.rejected();
    }
}
