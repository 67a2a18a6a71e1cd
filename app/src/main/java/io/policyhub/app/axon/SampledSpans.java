package io.policyhub.app.axon;

import java.util.function.Supplier;

import io.opentelemetry.api.trace.Span;
import org.axonframework.messaging.Message;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.SpanAttributesProvider;
import org.axonframework.tracing.SpanFactory;

/**
 * Axon's spans only for the traces that are kept. Axon names, attributes and propagates a span for
 * every dispatch and handling whether or not the sampler keeps its trace: about 4 % of the app's CPU
 * on the deposit path at any sampling rate (JFR, bench/README.md). Here a dispatch or internal span is
 * made only inside a sampled span, a handler span only for a message whose {@code traceparent} says
 * sampled (or inside a sampled span), and only a sampled trace is written into a message's metadata.
 * Roots (a processor's batch, a snapshot) are left to the sampler.
 */
final class SampledSpans implements SpanFactory {

    /** W3C trace context: version-traceid-parentid-flags, and the flags' lowest bit is "sampled". */
    private static final String TRACEPARENT = "traceparent";
    private static final int SAMPLED = 0x01;

    private final SpanFactory spans;

    SampledSpans(SpanFactory spans) {
        this.spans = spans;
    }

    @Override
    public org.axonframework.tracing.Span createRootTrace(Supplier<String> name) {
        return spans.createRootTrace(name);
    }

    @Override
    public org.axonframework.tracing.Span createHandlerSpan(Supplier<String> name, Message<?> message, boolean isChildTrace,
                                                            Message<?>... linked) {
        return inSampledSpan() || sampled(message) ? spans.createHandlerSpan(name, message, isChildTrace, linked)
                : NoOpSpanFactory.INSTANCE.createRootTrace(name);
    }

    @Override
    public org.axonframework.tracing.Span createDispatchSpan(Supplier<String> name, Message<?> message, Message<?>... linked) {
        return inSampledSpan() ? spans.createDispatchSpan(name, message, linked) : NoOpSpanFactory.INSTANCE.createRootTrace(name);
    }

    @Override
    public org.axonframework.tracing.Span createInternalSpan(Supplier<String> name) {
        return inSampledSpan() ? spans.createInternalSpan(name) : NoOpSpanFactory.INSTANCE.createRootTrace(name);
    }

    @Override
    public org.axonframework.tracing.Span createInternalSpan(Supplier<String> name, Message<?> message) {
        return inSampledSpan() ? spans.createInternalSpan(name, message) : NoOpSpanFactory.INSTANCE.createRootTrace(name);
    }

    @Override
    public void registerSpanAttributeProvider(SpanAttributesProvider provider) {
        spans.registerSpanAttributeProvider(provider);
    }

    @Override
    public <M extends Message<?>> M propagateContext(M message) {
        return inSampledSpan() ? spans.propagateContext(message) : message;
    }

    private static boolean inSampledSpan() {
        return Span.current().getSpanContext().isSampled();
    }

    static boolean sampled(Message<?> message) {
        if (!(message.getMetaData().get(TRACEPARENT) instanceof String traceparent) || traceparent.length() < 2) {
            return false;
        }
        try {
            return (Integer.parseInt(traceparent.substring(traceparent.length() - 2), 16) & SAMPLED) != 0;
        } catch (NumberFormatException notHex) {
            return false;
        }
    }
}
