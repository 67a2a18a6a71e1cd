package io.policyhub.platform.web;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.policyhub.api.common.Rejection;
import io.policyhub.api.common.StaleReadModel;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;

/**
 * The one mapping from a failure to the problem a client sees, shared by the HTTP error handling
 * ({@code ProblemDetailsAdvice}) and the WebSocket gateway's error frames: the domain's refusals
 * with their codes, Axon's "not found" and conflicts, stale read models and outages (503, to be
 * retried), and anything else as a logged 500 that says nothing of the internals.
 */
public final class FailureProblems {

    private static final Logger log = LoggerFactory.getLogger(FailureProblems.class);
    private static final long RETRY_AFTER_SECONDS = 1;

    private FailureProblems() {
    }

    /** The problem for a failure; those with {@code retryAfterSeconds} are answered with {@code Retry-After}. */
    public record Problem(ProblemDetail detail, Long retryAfterSeconds) {

        public int status() {
            return detail.getStatus();
        }
    }

    public static Problem of(Throwable failure) {
        Throwable cause = unwrapped(failure);
        if (cause instanceof ProblemException refused) {
            return new Problem(Problems.of(refused.status(), refused.code(), refused.status().getReasonPhrase(), refused.getMessage()),
                    refused.retryAfterSeconds());
        }
        Optional<Object> details = cause instanceof CommandExecutionException command ? command.getDetails()
                : cause instanceof QueryExecutionException query ? query.getDetails() : Optional.empty();
        if (details.orElse(null) instanceof Rejection rejection) {
            return problem(Problems.statusOf(rejection), rejection.code(), rejection.detail());
        }
        if (details.orElse(null) instanceof StaleReadModel stale) {
            return retryable("stale-read-model", "Stale read model", stale.parked()
                    ? "A change to this data could not be applied yet and waits for an operator; retry later"
                    : "The data is being updated and cannot be shown as current yet; retry shortly");
        }
        if (cause instanceof AggregateNotFoundException) {
            return problem(HttpStatus.NOT_FOUND, "not-found", "The resource does not exist");
        }
        if (cause instanceof AggregateStreamCreationException) {
            return problem(HttpStatus.CONFLICT, "already-exists", "The resource already exists");
        }
        if (cause instanceof ConcurrencyException) {
            return problem(HttpStatus.CONFLICT, "concurrent-modification", "The resource was changed concurrently; retry the request");
        }
        if (cause instanceof RequestRejectedException || cause instanceof InvalidParameterException) {
            return problem(HttpStatus.BAD_REQUEST, "bad-request", "The request was refused: " + cause.getMessage());
        }
        if (TransientFailures.isTransient(cause)) {
            log.warn("Answered 503, a transient failure: {}", cause.toString(), cause);
            return retryable("service-unavailable", "Service unavailable", "A backing service is unavailable; retry shortly");
        }
        log.error("Answered 500, an unexpected failure", cause);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "An unexpected failure; it was logged");
    }

    private static Throwable unwrapped(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static Problem problem(HttpStatus status, String code, String detail) {
        return new Problem(Problems.of(status, code, status.getReasonPhrase(), detail), null);
    }

    private static Problem retryable(String code, String title, String detail) {
        return new Problem(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, code, title, detail), RETRY_AFTER_SECONDS);
    }
}
