package io.policyhub.projections.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;

class ProcessorLagMetricsTest {

    private final ProjectionAdministration projections = mock(ProjectionAdministration.class);
    private final EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void everyGaugeOfAScrapeReadsOneSnapshotOfAllProcessors() {
        when(projections.lags()).thenReturn(Map.of(
                "accounts", new ProjectionAdministration.Lag(90L, 10L, 3L),
                "orders", new ProjectionAdministration.Lag(null, null, null)));
        register(Duration.ofHours(1));

        assertThat(gauge("policyhub.processor.lag", "accounts")).isEqualTo(10);
        assertThat(gauge("policyhub.processor.lag.seconds", "accounts")).isEqualTo(3);
        assertThat(gauge("policyhub.processor.lag", "orders")).as("no position yet").isNaN();
        assertThat(gauge("policyhub.processor.lag.seconds", "orders")).isNaN();
        verify(projections, times(1)).lags();
    }

    @Test
    void aSnapshotOlderThanTheRefreshIsTakenAgain() {
        when(projections.lags()).thenReturn(
                Map.of("accounts", new ProjectionAdministration.Lag(90L, 10L, 3L), "orders", new ProjectionAdministration.Lag(5L, 0L, 0L)),
                Map.of("accounts", new ProjectionAdministration.Lag(100L, 0L, 0L), "orders", new ProjectionAdministration.Lag(5L, 0L, 0L)));
        register(Duration.ZERO);

        assertThat(gauge("policyhub.processor.lag", "accounts")).isEqualTo(10);
        assertThat(gauge("policyhub.processor.lag", "accounts")).as("caught up since").isZero();
        verify(projections, times(2)).lags();
    }

    @Test
    void aProcessorMissingFromTheSnapshotShowsNoValue() {
        when(projections.lags()).thenReturn(Map.of("accounts", new ProjectionAdministration.Lag(90L, 10L, 3L)));
        register(Duration.ofHours(1));

        assertThat(gauge("policyhub.processor.lag", "orders")).isNaN();
    }

    @Test
    void anEmptySnapshotIsKeptForTheRefreshToo() {
        when(projections.lags()).thenReturn(Map.of());
        register(Duration.ofHours(1));

        assertThat(gauge("policyhub.processor.lag", "accounts")).isNaN();
        assertThat(gauge("policyhub.processor.lag.seconds", "orders")).isNaN();
        verify(projections, times(1)).lags();
    }

    private void register(Duration refresh) {
        when(processing.eventProcessors()).thenReturn(Map.of("accounts", mock(EventProcessor.class), "orders", mock(EventProcessor.class)));
        new ProcessorLagMetrics(projections, processing, registry, refresh).register();
    }

    private double gauge(String name, String processor) {
        return registry.get(name).tag("processor", processor).gauge().value();
    }
}
