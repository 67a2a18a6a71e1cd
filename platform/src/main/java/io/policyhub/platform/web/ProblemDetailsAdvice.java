package io.policyhub.platform.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.policyhub.api.common.Rejection;
import io.policyhub.api.common.StaleReadModel;
import io.grpc.StatusRuntimeException;
import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.common.AxonTransientException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.distributed.CommandDispatchException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * Turns every failure into RFC 9457 problem details. Spring's base class covers the protocol
 * errors (unreadable JSON, wrong media type, unknown path, type mismatches); this class adds the
 * field list for validation errors and the domain outcomes of commands.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final String RETRY_AFTER_SECONDS = "1";

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(status, "validation", "Invalid request", "One or more fields are invalid");
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (ex.getMostSpecificCause() instanceof InvalidFormatException invalid && invalid.getMessage().contains(StorableText.REFUSAL)) {
            ProblemDetail problem = Problems.of(status, "validation", "Invalid request", "One or more fields are invalid");
            String field = invalid.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName() : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining("."));
            problem.setProperty("errors", List.of(Map.of("field", field, "message", StorableText.REFUSAL)));
            return handleExceptionInternal(ex, problem, headers, status, request);
        }
        ProblemDetail problem = Problems.of(status, "malformed-body", "Malformed request body",
                "The request body is not valid JSON of the expected shape");
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> rejected(CommandExecutionException ex) {
        return ex.getDetails()
                .filter(Rejection.class::isInstance)
                .map(Rejection.class::cast)
                .map(ProblemDetailsAdvice::problemFor)
                .map(problem -> ResponseEntity.status(problem.getStatus()).body(problem))
                .orElseGet(() -> unavailableOr(ex));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail notFound(AggregateNotFoundException ex) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", "The resource does not exist");
    }

    @ExceptionHandler(AggregateStreamCreationException.class)
    ProblemDetail alreadyExists(AggregateStreamCreationException ex) {
        return Problems.of(HttpStatus.CONFLICT, "already-exists", "Already exists", "The resource already exists");
    }

    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail concurrentModification(ConcurrencyException ex) {
        return Problems.of(HttpStatus.CONFLICT, "concurrent-modification", "Concurrent modification",
                "The resource was changed concurrently; retry the request");
    }

    /** A read model that has not caught up within the read-your-writes wait (the exception's details survive Axon Server). */
    @ExceptionHandler(QueryExecutionException.class)
    ResponseEntity<ProblemDetail> queryFailed(QueryExecutionException ex) {
        Optional<StaleReadModel> stale = ex.getDetails().filter(StaleReadModel.class::isInstance).map(StaleReadModel.class::cast);
        if (stale.isPresent()) {
            return unavailable("stale-read-model", "Stale read model", stale.get().parked()
                    ? "A change to this data could not be applied yet and waits for an operator; retry later"
                    : "The data is being updated and cannot be shown as current yet; retry shortly");
        }
        return unavailableOr(ex);
    }

    /** See {@link TransientFailures}; anything else stays a server error. */
    @ExceptionHandler({AxonTransientException.class, AxonServerException.class, NoHandlerForQueryException.class,
            CommandDispatchException.class, StatusRuntimeException.class, TransientDataAccessException.class,
            DataAccessResourceFailureException.class, TransactionException.class, EventStoreException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException ex) {
        return unavailableOr(ex);
    }

    private static ResponseEntity<ProblemDetail> unavailableOr(RuntimeException ex) {
        if (!TransientFailures.isTransient(ex)) {
            throw ex;
        }
        log.warn("Answered 503, a transient failure: {}", ex.toString(), ex);
        return unavailable("service-unavailable", "Service unavailable", "A backing service is unavailable; retry shortly");
    }

    private static ResponseEntity<ProblemDetail> unavailable(String code, String title, String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, code, title, detail));
    }

    private static ProblemDetail problemFor(Rejection rejection) {
        HttpStatus status = Problems.statusOf(rejection);
        return Problems.of(status, rejection.code(), status.getReasonPhrase(), rejection.detail());
    }
}
