package io.policyhub.app.support;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.springframework.boot.test.context.TestComponent;

/**
 * The application's span exporter in the tests, in process: keeps the latest 50,000 finished spans
 * (the tests run traced throughout, so an unbounded list would grow with the whole suite).
 */
@TestComponent
public class RecordedSpans implements SpanExporter {

    private static final int KEPT = 50_000;

    private final Deque<SpanData> spans = new ArrayDeque<>();

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> finished) {
        spans.addAll(finished);
        while (spans.size() > KEPT) {
            spans.removeFirst();
        }
        return CompletableResultCode.ofSuccess();
    }

    public synchronized List<SpanData> ofTrace(String traceId) {
        return spans.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    public synchronized List<SpanData> all() {
        return List.copyOf(spans);
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
