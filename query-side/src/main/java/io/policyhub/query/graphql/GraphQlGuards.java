package io.policyhub.query.graphql;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.schema.DataFetchingEnvironment;
import io.policyhub.platform.observability.RequestIds;
import io.policyhub.platform.web.FailureProblems;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.DataFetcherExceptionResolver;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.execution.SubscriptionExceptionResolver;
import org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter;
import org.springframework.http.ProblemDetail;

/**
 * What keeps {@code /graphql} as safe as the REST API: a bound on a query's depth and on its
 * complexity (every field costs 1, so a query cannot ask for unbounded work by nesting or by
 * repeating fields), and errors that carry the REST API's problem codes.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlGuards {

    @Bean
    MaxQueryDepthInstrumentation maxQueryDepth(@Value("${policyhub.graphql.max-depth:8}") int maxDepth) {
        return new MaxQueryDepthInstrumentation(maxDepth);
    }

    @Bean
    MaxQueryComplexityInstrumentation maxQueryComplexity(@Value("${policyhub.graphql.max-complexity:200}") int maxComplexity) {
        return new MaxQueryComplexityInstrumentation(maxComplexity);
    }

    /**
     * A failure becomes the GraphQL error of its field with the problem the REST API would answer:
     * {@code extensions.type} ({@code /problems/not-found}, ...), {@code status} and the request id.
     */
    @Bean
    DataFetcherExceptionResolver problemErrors() {
        return new DataFetcherExceptionResolverAdapter() {
            @Override
            protected GraphQLError resolveToSingleError(Throwable failure, DataFetchingEnvironment environment) {
                return problemError(GraphqlErrorBuilder.newError(environment), failure);
            }
        };
    }

    /** Likewise for a subscription's failure, whether refused when subscribing or ended later (an expired token). */
    @Bean
    SubscriptionExceptionResolver subscriptionProblemErrors() {
        return new SubscriptionExceptionResolverAdapter() {
            @Override
            protected GraphQLError resolveToSingleError(Throwable failure) {
                return problemError(GraphqlErrorBuilder.newError(), failure);
            }
        };
    }

    private static GraphQLError problemError(GraphqlErrorBuilder<?> error, Throwable failure) {
        ProblemDetail problem = FailureProblems.of(failure).detail();
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("type", problem.getType().toString());
        extensions.put("status", problem.getStatus());
        Optional.ofNullable(MDC.get(RequestIds.KEY)).ifPresent(requestId -> extensions.put("requestId", requestId));
        return error.errorType(errorType(problem.getStatus()))
                .message(problem.getDetail() != null ? problem.getDetail() : problem.getTitle())
                .extensions(extensions)
                .build();
    }

    private static ErrorType errorType(int status) {
        return switch (status) {
            case 400, 409, 422 -> ErrorType.BAD_REQUEST;
            case 401 -> ErrorType.UNAUTHORIZED;
            case 403 -> ErrorType.FORBIDDEN;
            case 404 -> ErrorType.NOT_FOUND;
            default -> ErrorType.INTERNAL_ERROR;
        };
    }
}
