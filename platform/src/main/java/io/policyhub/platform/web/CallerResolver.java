package io.policyhub.platform.web;

import java.util.UUID;

import io.policyhub.platform.security.TokenIssuer;
import io.policyhub.platform.security.partners.PartnerAuthentication;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves {@link Caller} parameters: the access token's subject, or the authenticated partner. */
class CallerResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof PartnerAuthentication partner) {
            return new Caller(partner.userId(), partner.partner(), null);
        }
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            throw new ProblemException(HttpStatus.UNAUTHORIZED, "unauthorized", "A valid bearer token is required");
        }
        try {
            return new Caller(UUID.fromString(token.getToken().getSubject()), null,
                    UUID.fromString(token.getToken().getClaimAsString(TokenIssuer.SESSION_CLAIM)));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProblemException(HttpStatus.UNAUTHORIZED, "unauthorized", "The token's subject is not a user id");
        }
    }
}
