package io.policyhub.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.tracing.LettuceObservationContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import net.ttddyy.observation.tracing.ConnectionContext;
import net.ttddyy.observation.tracing.QueryContext;
import org.junit.jupiter.api.Test;

/** JDBC and Redis calls are not observed (and so make no span) inside a dropped trace; everything else as before. */
class TracingTest {

    private final ObservationRegistry registry = ObservationRegistry.create();

    TracingTest() {
        registry.observationConfig()
                .observationHandler(context -> true)
                .observationPredicate(new Tracing().storeCallsOnlyInKeptTraces());
    }

    @Test
    void storeCallsInsideADroppedTraceAreNotObserved() {
        try (Scope dropped = in(TraceFlags.getDefault())) {
            assertThat(Observation.createNotStarted("jdbc.query", QueryContext::new, registry).isNoop()).isTrue();
            assertThat(Observation.createNotStarted("jdbc.connection", ConnectionContext::new, registry).isNoop()).isTrue();
            assertThat(Observation.createNotStarted("redis", () -> new LettuceObservationContext("redis"), registry).isNoop()).isTrue();
        }
    }

    @Test
    void storeCallsOutsideAnySpanAreRootsForTheSamplerToDecide() {
        assertThat(Observation.createNotStarted("jdbc.query", QueryContext::new, registry).isNoop()).isFalse();
        assertThat(Observation.createNotStarted("redis", () -> new LettuceObservationContext("redis"), registry).isNoop()).isFalse();
    }

    @Test
    void storeCallsInsideAKeptTraceAreObserved() {
        try (Scope kept = in(TraceFlags.getSampled())) {
            assertThat(Observation.createNotStarted("jdbc.query", QueryContext::new, registry).isNoop()).isFalse();
            assertThat(Observation.createNotStarted("redis", () -> new LettuceObservationContext("redis"), registry).isNoop()).isFalse();
        }
    }

    @Test
    void otherObservationsAreAlwaysMadeForTheSamplerToDecide() {
        assertThat(Observation.createNotStarted("http.server.requests", Observation.Context::new, registry).isNoop()).isFalse();
    }

    private static Scope in(TraceFlags flags) {
        return Span.wrap(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", flags, TraceState.getDefault()))
                .makeCurrent();
    }
}
