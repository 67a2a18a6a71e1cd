package io.policyhub.app.axon;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

/**
 * Every processing group runs as a tracking processor with a few segments (claimed across
 * instances) and batched handling (one transaction and one token update per batch).
 *
 * <p>Tracking rather than pooled streaming processors: on the embedded JDBC event store the
 * pooled coordinator is not told about new events and re-polls every 500 ms, so read models
 * would trail commands by up to half a second; a tracking thread blocks on the stream and is
 * woken by the store as soon as an event is committed.
 */
@Configuration
class EventProcessingDefaults {

    @Autowired
    void useTrackingProcessors(EventProcessingConfigurer configurer,
                               @Value("${policyhub.processing.batch-size:100}") int batchSize,
                               @Value("${policyhub.processing.segments:2}") int segments) {
        configurer.usingTrackingEventProcessors()
                .registerTrackingEventProcessorConfiguration(configuration ->
                        TrackingEventProcessorConfiguration.forParallelProcessing(segments)
                                .andInitialSegmentsCount(segments)
                                .andBatchSize(batchSize));
    }
}
