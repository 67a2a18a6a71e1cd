package io.policyhub.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.policyhub.platform.ratelimit.RateLimiter;
import io.policyhub.platform.security.sessions.SignInSessions;
import io.policyhub.platform.security.partners.PartnerProperties;
import io.policyhub.platform.security.partners.PartnerSecurity;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JoseHeaderNames;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every endpoint but registration, login, refresh, the public keys and health needs a valid RS256
 * access token of an open sign-in session, checked by Spring Security's OAuth2 resource server. Admin endpoints need the ADMIN role. B2B partners may
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
    SignInSessions signInSessions(JdbcTemplate jdbc, PlatformTransactionManager transactions, JwtProperties properties,
                                  @Value("${policyhub.security.sessions.coalesce-checks:true}") boolean coalesceChecks) {
        return new SignInSessions(jdbc, new TransactionTemplate(transactions), properties.refreshTokenLifetime(), Clock.systemUTC(),
                coalesceChecks);
    }

    @Bean
    TokenIssuer tokenIssuer(JwtEncoder encoder, JwtKeys keys, JwtProperties properties, SignInSessions sessions) {
        return new TokenIssuer(encoder, keys, properties, sessions);
    }

    /**
     * A token passes when its signature verifies with the key its {@code kid} names, it carries
     * {@code exp}, {@code iat}, our {@code iss} and {@code aud}, is within its lifetime, and its
     * session is still open. The session is asked on every request (only the signature and claims
     * checks are cached), so no cache outlives the end of a session.
     */
    @Bean
    JwtDecoder jwtDecoder(JwtKeys keys, JwtProperties properties, SignInSessions sessions) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys.publicKeys())));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
            // the validators below check the claims, with Spring's error messages
        });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        MappedJwtClaimSetConverter claims = MappedJwtClaimSetConverter.withDefaults(Map.of());
        decoder.setClaimSetConverter(raw -> {
            // Spring fills a missing iat in from exp: the token as signed must have it
            if (!raw.containsKey(JwtClaimNames.IAT)) {
                throw new BadJwtException("The token has no iat");
            }
            return claims.convert(raw);
        });
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.issuer()),
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, audience -> audience != null && audience.contains(properties.audience())),
                new JwtClaimValidator<String>(TokenIssuer.SESSION_CLAIM, Objects::nonNull),
                token -> token.getHeaders().get(JoseHeaderNames.KID) != null ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token names no key (kid)", null))));
        return new OpenSessionJwtDecoder(new CachingJwtDecoder(decoder, VALIDATED_TOKENS, Duration.ofMinutes(5)), sessions);
    }

    @Bean
    JwtEncoder jwtEncoder(JwtKeys keys) {
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(keys.signing())));
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

    /** The web console's document: it loads scripts, styles and data from this origin only, and nothing inline. */
    static final Set<String> CONSOLE_PAGES = Set.of("/", "/index.html");
    static final String CONSOLE_POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, PartnerProperties partners, RateLimiter limiter) throws Exception {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(ROLES_CLAIM);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
        authentication.setJwtGrantedAuthoritiesConverter(roles);

        return http
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                        request -> CONSOLE_PAGES.contains(request.getRequestURI()),
                        new StaticHeadersWriter("Content-Security-Policy", CONSOLE_POLICY))))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // sessions end at POST /api/v1/auth/logout (SignInSessions), not in a servlet session
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.POST, "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh").permitAll()
                        .requestMatchers(HttpMethod.POST, "/auth/sign-up", "/auth/sign-in").permitAll()
                        .requestMatchers(HttpMethod.GET, "/.well-known/jwks.json").permitAll()
                        // the web console's files (its data comes from the API, with the user's token) and the public live page's feed
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/console/**", "/favicon.ico").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/public/**").permitAll()
                        .requestMatchers("/actuator/health/**", "/livez", "/readyz", "/error").permitAll()
                        // scraped by Prometheus inside the deployment; no user data
                        .requestMatchers("/actuator/prometheus").permitAll()
                        // the API description, no data
                        .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        // the GraphiQL console's page and scripts (local profile), no data
                        .requestMatchers(HttpMethod.GET, "/graphiql", "/graphiql/**").permitAll()
                        .requestMatchers("/api/v1/admin/**").hasRole("ADMIN")
                        // B2B partners use the quote API with their API key, nothing else
                        .requestMatchers("/api/v1/insurance/**").hasAnyRole("USER", "PARTNER")
                        .anyRequest().hasRole("USER"))
                .addFilterBefore(PartnerSecurity.authenticationFilter(partners, ProblemResponses.unauthorized()),
                        BearerTokenAuthenticationFilter.class)
                .addFilterAfter(PartnerSecurity.budgetFilter(limiter), BearerTokenAuthenticationFilter.class)
                .oauth2ResourceServer(server -> server
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler(ProblemResponses.authenticationFailure(ProblemResponses.unauthorized()));
                                return filter;
                            }
                        })
                        .bearerTokenResolver(new BearerTokens())
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(authentication)))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden()))
                .build();
    }

    /** Spring's default firewall, its header checks without regular expressions ({@link HeaderCharacters}). */
    @Bean
    HttpFirewall httpFirewall() {
        return HeaderCharacters.firewall();
    }

    /** The firewall's refusals answer problem+json like every other error (its default writes no body). */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return ProblemResponses.rejected();
    }
}
