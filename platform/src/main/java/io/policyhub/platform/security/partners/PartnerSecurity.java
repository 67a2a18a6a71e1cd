package io.policyhub.platform.security.partners;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import io.policyhub.platform.ratelimit.RateLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The filters for B2B partners: authentication by {@code X-Api-Key} (Spring Security's
 * {@link AuthenticationFilter}) and each partner's own request budget (Bucket4j on Redis), so one
 * partner exceeding its budget gets 429 and cannot starve the others.
 */
public final class PartnerSecurity {

    private PartnerSecurity() {
    }

    public static AuthenticationFilter authenticationFilter(PartnerProperties partners, AuthenticationEntryPoint unauthorized) {
        AuthenticationFilter filter = new AuthenticationFilter(new ProviderManager(PartnerAuthentication.provider(partners)),
                request -> Optional.ofNullable(request.getHeader(PartnerAuthentication.HEADER))
                        .map(PartnerAuthentication::presented).orElse(null));
        filter.setSuccessHandler((request, response, authentication) -> {
            // carry on down the chain: this is an API call, not a login form
        });
        filter.setFailureHandler(new AuthenticationEntryPointFailureHandler(unauthorized));
        filter.setSecurityContextRepository(new RequestAttributeSecurityContextRepository());
        return filter;
    }

    public static OncePerRequestFilter budgetFilter(RateLimiter limiter) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (SecurityContextHolder.getContext().getAuthentication() instanceof PartnerAuthentication partner) {
                    Optional<Duration> wait = limiter.tryConsume("partner:" + partner.partner(),
                            partner.requestsPerSecond(), Duration.ofSeconds(1));
                    if (wait.isPresent()) {
                        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
                        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RateLimiter.retryAfterSeconds(wait.get())));
                        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                        response.setCharacterEncoding("UTF-8");
                        response.getWriter().write("{\"type\":\"/problems/partner-budget-exceeded\",\"title\":\"Too Many Requests\","
                                + "\"status\":429,\"detail\":\"The partner's request budget of " + partner.requestsPerSecond()
                                + " requests per second is used up\"}");
                        return;
                    }
                }
                chain.doFilter(request, response);
            }
        };
    }
}
