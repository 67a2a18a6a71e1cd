package io.policyhub.projections.admin;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Publishes each streaming processor's lag as gauges: events behind the head, and seconds (the age
 * of the oldest event it has not handled; 0 when it is at the head). Gauges are read at scrape time,
 * so nothing is recorded on the event path. Every gauge of a scrape reads one snapshot of all
 * processors, taken at most once per {@code policyhub.processing.lag-refresh}: a scrape asks every
 * gauge even when it wants other metrics only, and frequent scrapes would otherwise query the token
 * store and open an event stream per processor each time. Registered once Axon has built its
 * processors, which happens after the meter registry exists.
 */
@Component
class ProcessorLagMetrics {

    private final ProjectionAdministration projections;
    private final EventProcessingConfiguration processing;
    private final MeterRegistry registry;
    private final long refreshNanos;
    private Map<String, ProjectionAdministration.Lag> snapshot; // null until the first scrape
    private long takenAt;

    ProcessorLagMetrics(ProjectionAdministration projections, EventProcessingConfiguration processing, MeterRegistry registry,
                        @Value("${policyhub.processing.lag-refresh:5s}") Duration refresh) {
        this.projections = projections;
        this.processing = processing;
        this.registry = registry;
        this.refreshNanos = refresh.toNanos();
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        processing.eventProcessors().keySet().forEach(name ->
                Gauge.builder("policyhub.processor.lag", () -> value(name, ProjectionAdministration.Lag::events))
                        .description("Events between the processor's position and the event store head")
                        .tag("processor", name)
                        .register(registry));
        processing.eventProcessors().keySet().forEach(name ->
                Gauge.builder("policyhub.processor.lag.seconds", () -> value(name, ProjectionAdministration.Lag::seconds))
                        .description("Age of the oldest event the processor has not handled yet (0 at the head)")
                        .tag("processor", name)
                        .register(registry));
    }

    private double value(String processor, Function<ProjectionAdministration.Lag, Long> measure) {
        ProjectionAdministration.Lag lag = lags().get(processor);
        Long value = lag == null ? null : measure.apply(lag);
        return value == null ? Double.NaN : value;
    }

    private synchronized Map<String, ProjectionAdministration.Lag> lags() {
        long now = System.nanoTime();
        if (snapshot == null || now - takenAt >= refreshNanos) {
            snapshot = projections.lags();
            takenAt = now;
        }
        return snapshot;
    }
}
