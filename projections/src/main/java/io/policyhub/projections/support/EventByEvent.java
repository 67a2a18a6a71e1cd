package io.policyhub.projections.support;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Which batches a projection handles event by event. Normally a processor handles a batch of events
 * in one transaction with its writes deferred to the end ({@link BatchedWrites}); a failure then
 * cannot be told apart from its batch. So after a failure the segment's next batch runs event by
 * event: every write at once, each event's handler in a savepoint of its own, so that the
 * dead-letter queue parks exactly the failing event and the batch commits without it. The segment
 * returns to batching once such a batch committed. A dead letter being retried is always handled
 * event by event.
 *
 * <p>Keyed by processor and segment, not by thread: a processor may retry a failed segment on
 * another thread. One instance per application, declared with the error policy ({@code app/axon/DeadLettering}).
 */
public class EventByEvent {

    private static final String SEGMENT_ID_RESOURCE = "/SegmentId";

    private final Set<String> segments = ConcurrentHashMap.newKeySet();

    /** Whether the current unit of work handles its events one by one. */
    public boolean active() {
        if (!CurrentUnitOfWork.isStarted()) {
            return false;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        if (unitOfWork.resources().containsKey(DeadLetter.class.getName())) {
            return true;
        }
        if (segments.isEmpty()) {
            return false;
        }
        String segment = segment(unitOfWork.root());
        if (segment == null || !segments.contains(segment)) {
            return false;
        }
        unitOfWork.root().getOrComputeResource(EventByEvent.class.getName(), key -> {
            unitOfWork.root().afterCommit(committed -> segments.remove(segment));
            return segment;
        });
        return true;
    }

    /** The current batch failed: its segment's next batch runs event by event. */
    public void afterFailureOfCurrentBatch() {
        if (CurrentUnitOfWork.isStarted()) {
            String segment = segment(CurrentUnitOfWork.get().root());
            if (segment != null) {
                segments.add(segment);
            }
        }
    }

    /** The processor and segment of a tracking processor's batch, from the resource Axon puts in its unit of work. */
    private static String segment(UnitOfWork<?> batch) {
        for (var resource : batch.resources().entrySet()) {
            if (resource.getKey().endsWith(SEGMENT_ID_RESOURCE)) {
                return resource.getKey() + "=" + resource.getValue();
            }
        }
        return null;
    }
}
