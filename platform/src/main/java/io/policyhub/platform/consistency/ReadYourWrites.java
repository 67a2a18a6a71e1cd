package io.policyhub.platform.consistency;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Read-your-writes for queries about one aggregate. Every read-model row records the sequence
 * number of the last event of its aggregate that it applied. A query first asks the event store
 * for the aggregate's last sequence number (a command answered 2xx before the query started, so
 * its events are included), then reads the row until it has applied that event, bounded by a
 * timeout. Clients need no token, the check holds when the projection runs in another process,
 * and it costs one indexed lookup when the projection is already there (the common case).
 */
@Component
public class ReadYourWrites {

    private static final Logger log = LoggerFactory.getLogger(ReadYourWrites.class);
    private static final long MAX_PAUSE_MILLIS = 20;

    private final EventStore eventStore;
    private final ParkedEvents parkedEvents;
    private final Duration timeout;

    public ReadYourWrites(EventStore eventStore, ParkedEvents parkedEvents,
                          @Value("${policyhub.read-your-writes.timeout:5s}") Duration timeout) {
        this.eventStore = eventStore;
        this.parkedEvents = parkedEvents;
        this.timeout = timeout;
    }

    /**
     * Reads a row of a read model once it reflects every event of the aggregate stored so far.
     *
     * @param aggregateType   the type the aggregate must have ({@code AggregateTypes})
     * @param aggregateId     the aggregate the row is built from
     * @param reader          reads the row, empty while the projection has not created it
     * @param appliedSequence the sequence number of the last event the row applied
     * @return the row; empty when the aggregate has no stored events or is of another type
     * @throws StaleReadModelException when the row has not applied them within the timeout, or at once
     *         when an event of the aggregate is parked: a stale row is never served as current (the
     *         client is told to retry)
     */
    public <T> Optional<T> read(String aggregateType, String aggregateId, Supplier<Optional<T>> reader,
                                ToLongFunction<T> appliedSequence) {
        Optional<Long> stored = eventStore.lastSequenceNumberFor(aggregateId);
        if (stored.isEmpty()) {
            return reader.get();
        }
        long target = stored.get();
        Predicate<T> current = row -> appliedSequence.applyAsLong(row) >= target;
        Optional<T> row = reader.get();
        if (row.isPresent() && current.test(row.get())) {
            return row;
        }
        // behind: the rare path, where it pays to ask what the id is
        if (!isOfType(aggregateId, target, aggregateType)) {
            return Optional.empty();
        }
        if (parkedEvents.holdBack(aggregateId)) {
            throw StaleReadModelException.parked(aggregateId);
        }
        row = readUntil(reader, current, timeout, aggregateId);
        if (row.isEmpty() || !current.test(row.get())) {
            throw parkedEvents.holdBack(aggregateId) ? StaleReadModelException.parked(aggregateId)
                    : StaleReadModelException.behind(aggregateId);
        }
        return row;
    }

    /** Whether the event store holds events of the aggregate and it is of the type (an id of another kind: false). */
    public boolean storedAs(String aggregateType, String aggregateId) {
        return eventStore.lastSequenceNumberFor(aggregateId).map(last -> isOfType(aggregateId, last, aggregateType)).orElse(false);
    }

    private boolean isOfType(String aggregateId, long sequence, String aggregateType) {
        return eventStore.readEvents(aggregateId, sequence).asStream().findFirst()
                .map(event -> event.getType().equals(aggregateType)).orElse(true);
    }

    /**
     * Waits (bounded) until an aggregate that another component creates asynchronously exists,
     * e.g. the account that onboarding opens for a newly registered user.
     *
     * @throws StaleReadModelException when it does not exist within the timeout
     */
    public void awaitCreation(String aggregateId) {
        if (readUntil(() -> eventStore.lastSequenceNumberFor(aggregateId), sequence -> true, timeout, aggregateId).isEmpty()) {
            throw StaleReadModelException.behind(aggregateId);
        }
    }

    /**
     * Reads until the row exists and is {@code done}, pausing between reads with a short backoff.
     *
     * @return the last row read: done, or as it was when {@code maxWait} ran out
     */
    public <T> Optional<T> readUntil(Supplier<Optional<T>> reader, Predicate<T> done, Duration maxWait, Object subject) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long pause = 1;
        while (true) {
            Optional<T> row = reader.get();
            if (row.isPresent() && done.test(row.get())) {
                return row;
            }
            if (System.nanoTime() > deadline) {
                log.warn("Read model of {} did not reach the awaited state within {}", subject, maxWait);
                return row;
            }
            sleep(pause);
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a read model", e);
        }
    }
}
