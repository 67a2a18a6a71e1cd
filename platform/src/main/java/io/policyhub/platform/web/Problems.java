package io.policyhub.platform.web;

import java.net.URI;

import io.policyhub.api.common.Rejection;
import io.policyhub.platform.observability.RequestIds;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problem details with a stable type per problem code and the request's id. */
public final class Problems {

    private Problems() {
    }

    public static URI type(String code) {
        return URI.create("/problems/" + code);
    }

    public static ProblemDetail of(HttpStatusCode status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(code));
        problem.setTitle(title);
        return nameTheRequest(problem);
    }

    /** Adds the id of the request being answered, so that a client's report leads to its log lines. */
    public static ProblemDetail nameTheRequest(ProblemDetail problem) {
        String requestId = RequestIds.current();
        if (requestId != null) {
            problem.setProperty(RequestIds.KEY, requestId);
        }
        return problem;
    }

    /** The problem for a bare HTTP status, as the container's error path reports it. */
    public static ProblemDetail forStatus(HttpStatus status) {
        String slug = status.getReasonPhrase().toLowerCase().replaceAll("[^a-z0-9]+", "-");
        return of(status, status.is5xxServerError() ? "internal" : slug, status.getReasonPhrase(),
                status.is5xxServerError() ? "An unexpected failure; it was logged" : "The request was refused: " + status.getReasonPhrase());
    }

    /** The HTTP status that answers a refused command. */
    public static HttpStatus statusOf(Rejection rejection) {
        return switch (rejection.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case KEY_REUSED -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
    }
}
