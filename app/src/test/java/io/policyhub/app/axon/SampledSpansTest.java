package io.policyhub.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SampledSpansTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider tracers = SdkTracerProvider.builder()
            .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final SampledSpans spans = new SampledSpans(OpenTelemetrySpanFactory.builder()
            .tracer(tracers.get("test")).contextPropagators(W3CTraceContextPropagator.getInstance()).build());

    @AfterEach
    void close() {
        tracers.close();
    }

    @Test
    void insideAnUnsampledRequestAxonMakesNoSpanAndWritesNoTraceIntoTheMessage() {
        try (Scope request = Context.root().with(Span.wrap(remote(TraceFlags.getDefault()))).makeCurrent()) {
            spans.createDispatchSpan(() -> "dispatch", event(MetaData.emptyInstance())).run(() -> { });
            spans.createInternalSpan(() -> "internal").run(() -> { });

            assertThat(spans.propagateContext(event(MetaData.emptyInstance())).getMetaData()).doesNotContainKey("traceparent");
        }
        assertThat(exported.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void insideASampledRequestAxonSpansAndPropagatesAsUsual() {
        try (Scope request = Context.root().with(Span.wrap(remote(TraceFlags.getSampled()))).makeCurrent()) {
            spans.createDispatchSpan(() -> "dispatch", event(MetaData.emptyInstance())).run(() -> { });

            assertThat(spans.propagateContext(event(MetaData.emptyInstance())).getMetaData().get("traceparent"))
                    .asString().startsWith("00-" + TRACE_ID + "-").endsWith("-01");
        }
        assertThat(exported.getFinishedSpanItems()).extracting(span -> span.getName()).containsExactly("dispatch(String)");
        assertThat(exported.getFinishedSpanItems().get(0).getTraceId()).isEqualTo(TRACE_ID);
    }

    @Test
    void aHandlerSpansAMessageOfASampledTraceOnlyElsewhereToo() {
        EventMessage<?> sampled = event(MetaData.with("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01"));
        EventMessage<?> unsampled = event(MetaData.with("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-00"));
        EventMessage<?> garbled = event(MetaData.with("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-zz"));

        spans.createChildHandlerSpan(() -> "sampled", sampled).run(() -> { });
        spans.createChildHandlerSpan(() -> "unsampled", unsampled).run(() -> { });
        spans.createChildHandlerSpan(() -> "garbled", garbled).run(() -> { });
        spans.createChildHandlerSpan(() -> "untraced", event(MetaData.emptyInstance())).run(() -> { });

        assertThat(exported.getFinishedSpanItems()).extracting(span -> span.getName()).containsExactly("sampled(String)");
        assertThat(exported.getFinishedSpanItems().get(0).getTraceId()).isEqualTo(TRACE_ID);
    }

    private static SpanContext remote(TraceFlags flags) {
        return SpanContext.createFromRemoteParent(TRACE_ID, "00f067aa0ba902b7", flags, TraceState.getDefault());
    }

    private static EventMessage<?> event(MetaData metaData) {
        return GenericEventMessage.asEventMessage("payload").withMetaData(Map.copyOf(metaData));
    }
}
