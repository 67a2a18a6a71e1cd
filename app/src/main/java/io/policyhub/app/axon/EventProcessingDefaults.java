package io.policyhub.app.axon;

import java.util.List;
import java.util.function.Function;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
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
 *
 * <p>Where a new processor starts is explicit. Projections start at the first event, so a new
 * read model is built from the whole history. Groups with side effects (sagas, onboarding) start
 * at the head: history must not trigger payments again. Axon's default, a replay token up to the
 * head, is not used: with gap-aware tokens it can stay in replay mode indefinitely (a rolled-back
 * insert leaves a gap the reset token does not have), and sagas ignore every event while replaying.
 */
@Configuration
class EventProcessingDefaults {

    @Autowired
    void useTrackingProcessors(EventProcessingConfigurer configurer,
                               @Value("${policyhub.processing.batch-size:100}") int batchSize,
                               @Value("${policyhub.processing.segments:2}") int segments,
                               @Value("${policyhub.processing.start-at-head:}") List<String> startAtHead) {
        configurer.usingTrackingEventProcessors()
                .registerTrackingEventProcessorConfiguration(configuration ->
                        processor(batchSize, segments, StreamableMessageSource::createTailToken));
        startAtHead.forEach(group -> configurer.registerTrackingEventProcessorConfiguration(group, configuration ->
                processor(batchSize, segments, StreamableMessageSource::createHeadToken)));
    }

    private static TrackingEventProcessorConfiguration processor(
            int batchSize, int segments,
            Function<StreamableMessageSource<TrackedEventMessage<?>>, TrackingToken> initialToken) {
        return TrackingEventProcessorConfiguration.forParallelProcessing(segments)
                .andInitialSegmentsCount(segments)
                .andBatchSize(batchSize)
                .andInitialTrackingToken(initialToken);
    }
}
