package io.policyhub.app.axon;

import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

/**
 * Every processing group runs as a pooled streaming processor: segments are claimed across
 * instances, events are handled in batches (one transaction, one token update per batch).
 */
@Configuration
class EventProcessingDefaults {

    @Autowired
    void usePooledStreamingProcessors(EventProcessingConfigurer configurer,
                                      @Value("${policyhub.processing.batch-size:100}") int batchSize,
                                      @Value("${policyhub.processing.segments:4}") int segments) {
        configurer.usingPooledStreamingEventProcessors((configuration, builder) -> builder
                .batchSize(batchSize)
                .initialSegmentCount(segments));
    }
}
