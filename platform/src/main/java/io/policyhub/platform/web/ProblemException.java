package io.policyhub.platform.web;

import org.springframework.http.HttpStatus;

/** A request refused by the web layer itself (no command or query involved), answered as problem+json with its code. */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Long retryAfterSeconds;

    public ProblemException(HttpStatus status, String code, String detail) {
        this(status, code, detail, null);
    }

    /** A refusal the client may retry after the given seconds (answered with {@code Retry-After}). */
    public ProblemException(HttpStatus status, String code, String detail, Long retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
