package io.policyhub.platform.observability;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter of every request, before security: takes or makes the request id, answers it in
 * {@code X-Request-Id} (also on 401s and refusals) and keeps it in the logs' context while the request
 * runs, which is where the command and query gateways pick it up for the messages they send.
 */
class RequestIdFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // an async dispatch of the same request keeps the id its first pass chose
        String requestId = request.getAttribute(RequestIds.KEY) instanceof String chosen
                ? chosen : RequestIds.acceptOrGenerate(request.getHeader(RequestIds.HEADER));
        response.setHeader(RequestIds.HEADER, requestId);
        request.setAttribute(RequestIds.KEY, requestId);
        try (RequestIds.Scope ignored = RequestIds.open(requestId)) {
            chain.doFilter(request, response);
            // once per request: when it is answered (an async request on its last dispatch), not on the error page's
            if (RequestIds.TRAIL.isDebugEnabled() && !request.isAsyncStarted() && request.getDispatcherType() != DispatcherType.ERROR) {
                RequestIds.TRAIL.debug("{} {} answered {}", request.getMethod(), request.getRequestURI(), response.getStatus());
            }
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    /** The container's error page runs after the request's own pass has ended: its problem+json needs the id again. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterNestedErrorDispatch(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        doFilterInternal(request, response, chain);
    }
}
