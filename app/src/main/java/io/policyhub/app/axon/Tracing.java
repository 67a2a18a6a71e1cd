package io.policyhub.app.axon;

import io.lettuce.core.tracing.LettuceObservationContext;
import io.micrometer.observation.ObservationPredicate;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import net.ttddyy.observation.tracing.DataSourceBaseContext;
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
 *
 * <p>The stores' calls (JDBC statements, connections and result sets, Redis commands) are not observed
 * inside a trace that is dropped; outside any span they are roots, left to the sampler. The reason is
 * Axon's: they are observed for their spans (only with tracing on; no alert or dashboard reads their
 * meters), and bridging each observation to a span that is then dropped cost the deposit path several
 * per cent of its CPU at any sampling rate (bench/README.md).
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
    @ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "true")
    ObservationPredicate storeCallsOnlyInKeptTraces() {
        return (name, context) -> {
            if (!(context instanceof DataSourceBaseContext || context instanceof LettuceObservationContext)) {
                return true;
            }
            SpanContext current = Span.current().getSpanContext();
            // outside any span (a projection's batch committing) the call is a root: the sampler decides
            return current.isSampled() || !current.isValid();
        };
    }

    @Bean
    @ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "false", matchIfMissing = true)
    SpanFactory noSpans() {
        return NoOpSpanFactory.INSTANCE;
    }
}
