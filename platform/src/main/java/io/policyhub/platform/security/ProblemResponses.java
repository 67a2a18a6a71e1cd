package io.policyhub.platform.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.policyhub.platform.web.Problems;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 from the security filters as problem details, like every other error of the API. */
final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    /** Keeps the standard WWW-Authenticate challenge of the resource server and adds a problem body. */
    static AuthenticationEntryPoint unauthorized() {
        BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
        return (request, response, exception) -> {
            challenge.commence(request, response, exception);
            write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "A valid bearer token is required");
        };
    }

    /**
     * A token that could not be checked for a reason of ours (the sessions' store is unreachable):
     * 503 with Retry-After, so clients retry instead of signing in again; any other failure is 401.
     */
    static AuthenticationFailureHandler authenticationFailure(AuthenticationEntryPoint unauthorized) {
        return (request, response, exception) -> {
            if (exception instanceof AuthenticationServiceException) {
                response.setHeader(HttpHeaders.RETRY_AFTER, "1");
                write(response, HttpStatus.SERVICE_UNAVAILABLE, "authentication-unavailable",
                        "Tokens cannot be checked right now; retry shortly");
            } else {
                unauthorized.commence(request, response, exception);
            }
        };
    }

    static AccessDeniedHandler forbidden() {
        return (request, response, exception) ->
                write(response, HttpStatus.FORBIDDEN, "forbidden", "The token does not grant access to this resource");
    }

    /** A request the firewall refused (an encoded NUL, a malformed parameter name): 400, as problem+json. */
    static RequestRejectedHandler rejected() {
        return (request, response, rejected) -> write(response, HttpStatus.BAD_REQUEST, "bad-request",
                "The request was refused: " + rejected.getMessage());
    }

    private static void write(HttpServletResponse response, HttpStatus status, String code, String detail) throws IOException {
        ProblemDetail problem = Problems.of(status, code, status.getReasonPhrase(), detail);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(body));
    }
}
