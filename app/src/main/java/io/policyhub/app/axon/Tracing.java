package io.policyhub.app.axon;

import io.opentelemetry.api.OpenTelemetry;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's messages in the traces: with tracing on, dispatching a command, query or event opens a
 * span and writes its context into the message's metadata ({@code traceparent}), and handling it, in
 * whichever role and after Axon Server, continues that trace. The spans go to the same OpenTelemetry
 * SDK as Spring's (HTTP, insurer calls), so one request is one trace; only sampled traces get Axon's
 * spans ({@link SampledSpans}). With tracing off, Axon makes no spans and adds nothing to the metadata.
 */
@Configuration
class Tracing {

    @Bean
    @ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "true")
    SpanFactory openTelemetrySpans(OpenTelemetry openTelemetry) {
        return new SampledSpans(OpenTelemetrySpanFactory.builder()
                .tracer(openTelemetry.getTracer("io.policyhub.axon"))
                .contextPropagators(openTelemetry.getPropagators().getTextMapPropagator())
                .build());
    }

    @Bean
    @ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "false", matchIfMissing = true)
    SpanFactory noSpans() {
        return NoOpSpanFactory.INSTANCE;
    }
}
