package io.policyhub.projections.admin;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalLong;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/** Status and replay of the streaming processors that build the read models. */
@Component
public class Projections {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;

    public Projections(EventProcessingConfiguration processing, EventStore eventStore) {
        this.processing = processing;
        this.eventStore = eventStore;
    }

    public Collection<ProjectionStatus> list() {
        OptionalLong head = headPosition();
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .map(processor -> status(processor, head))
                .sorted(Comparator.comparing(ProjectionStatus::name))
                .toList();
    }

    public Optional<ProjectionStatus> find(String name) {
        return streaming(name).map(processor -> status(processor, headPosition()));
    }

    /**
     * Rebuilds the read model of a processor from the first event: stop it, reset its tokens (its
     * {@code @ResetHandler}s clear the read model), start it again. The replay itself runs in the
     * background; the answer only says whether it was started.
     */
    public ReplayOutcome replay(String name) {
        Optional<StreamingEventProcessor> found = streaming(name);
        if (found.isEmpty()) {
            return ReplayOutcome.UNKNOWN;
        }
        StreamingEventProcessor processor = found.get();
        if (!processor.supportsReset()) {
            return ReplayOutcome.NOT_REPLAYABLE;
        }
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        return ReplayOutcome.STARTED;
    }

    public enum ReplayOutcome { STARTED, UNKNOWN, NOT_REPLAYABLE }

    private Optional<StreamingEventProcessor> streaming(String name) {
        return processing.eventProcessor(name)
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast);
    }

    private ProjectionStatus status(StreamingEventProcessor processor, OptionalLong head) {
        Collection<EventTrackerStatus> segments = processor.processingStatus().values();
        boolean failed = segments.stream().anyMatch(EventTrackerStatus::isErrorState);
        String state = failed ? "ERROR" : processor.isRunning() ? "RUNNING" : "STOPPED";
        OptionalLong position = segments.stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .min();
        Long lag = position.isPresent() && head.isPresent() ? Math.max(0, head.getAsLong() - position.getAsLong()) : null;
        return new ProjectionStatus(processor.getName(), state, processor.isReplaying(),
                position.isPresent() ? position.getAsLong() : null, lag);
    }

    private OptionalLong headPosition() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? OptionalLong.empty() : head.position();
    }
}
