package io.policyhub.platform.web;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * Turns every failure into RFC 9457 problem details. Spring's base class covers the protocol
 * errors (unreadable JSON, wrong media type, unknown path, type mismatches); this class adds the
 * field list for validation errors, and maps everything else through {@link FailureProblems}.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

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

    /** The protocol errors Spring's base class answers name the request too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> answer = super.handleExceptionInternal(ex, body, headers, status, request);
        if (answer != null && answer.getBody() instanceof ProblemDetail problem) {
            Problems.nameTheRequest(problem);
        }
        return answer;
    }

    /**
     * Every other failure, through the one mapping the WebSocket gateway uses too
     * ({@link FailureProblems}). Spring Security's own exceptions go back to its filters (401, 403).
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> failed(Exception ex) throws Exception {
        if (ex instanceof AccessDeniedException || ex instanceof AuthenticationException) {
            throw ex;
        }
        FailureProblems.Problem problem = FailureProblems.of(ex);
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(problem.status());
        if (problem.retryAfterSeconds() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
        }
        return answer.body(problem.detail());
    }
}
