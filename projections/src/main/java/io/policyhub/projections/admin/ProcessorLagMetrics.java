package io.policyhub.projections.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Publishes each streaming processor's lag as gauges: events behind the head, and seconds (the age
 * of the oldest event it has not handled; 0 when it is at the head). Gauges are read
 * at scrape time, so nothing is recorded on the event path. Registered once Axon has built its
 * processors, which happens after the meter registry exists.
 */
@Component
class ProcessorLagMetrics {

    private final ProjectionAdministration projections;
    private final EventProcessingConfiguration processing;
    private final MeterRegistry registry;

    ProcessorLagMetrics(ProjectionAdministration projections, EventProcessingConfiguration processing, MeterRegistry registry) {
        this.projections = projections;
        this.processing = processing;
        this.registry = registry;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        processing.eventProcessors().keySet().forEach(name ->
                Gauge.builder("policyhub.processor.lag", () -> projections.find(name)
                                .map(ProjectionStatus::lag).map(Number.class::cast).orElse(Double.NaN))
                        .description("Events between the processor's position and the event store head")
                        .tag("processor", name)
                        .register(registry));
        processing.eventProcessors().keySet().forEach(name ->
                Gauge.builder("policyhub.processor.lag.seconds", () -> projections.lagSeconds(name)
                                .map(Number.class::cast).orElse(Double.NaN))
                        .description("Age of the oldest event the processor has not handled yet (0 at the head)")
                        .tag("processor", name)
                        .register(registry));
    }
}
