package io.policyhub.platform.consistency;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Read-your-writes for every query: before a query reads a read model, it waits (bounded) until
 * the projection that writes that model has handled every event that was stored when the query
 * arrived. A command answered 2xx before the query started, so its events are among them.
 *
 * <p>The check reads the processor's persisted tokens rather than in-memory state, so it holds
 * when the projection runs in another process. Gaps in a token below the head are events that
 * were in flight when the projection passed them; only gaps that now exist in the event store
 * (committed but not yet handled) are waited for, holes left by rolled-back inserts are not.
 */
@Component
public class ProjectionCatchUp {

    private static final Logger log = LoggerFactory.getLogger(ProjectionCatchUp.class);
    private static final long MAX_POLL_MILLIS = 25;

    private final EventStore eventStore;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Duration timeout;

    public ProjectionCatchUp(EventStore eventStore, JdbcTemplate jdbc, Serializer serializer,
                             @Value("${policyhub.read-your-writes.timeout:5s}") Duration timeout) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.timeout = timeout;
    }

    /** Returns once the processor caught up with the events stored before this call, or after the timeout. */
    public void await(String processorName) {
        TrackingToken head = eventStore.createHeadToken();
        if (head == null || head.position().isEmpty()) {
            return;
        }
        long headIndex = head.position().getAsLong();
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 1;
        while (!caughtUp(processorName, headIndex)) {
            if (System.nanoTime() > deadline) {
                log.warn("Processor {} did not reach position {} within {}", processorName, headIndex, timeout);
                return;
            }
            sleep(pause);
            pause = Math.min(pause * 2, MAX_POLL_MILLIS);
        }
    }

    boolean caughtUp(String processorName, long headIndex) {
        List<TrackingToken> tokens = jdbc.query(
                "select token, token_type from token_entry where processor_name = ?",
                (rs, row) -> deserialize(rs.getBytes(1), rs.getString(2)), processorName);
        if (tokens.isEmpty()) {
            return false;
        }
        for (TrackingToken token : tokens) {
            if (token == null || token.position().orElse(-1) < headIndex || hasUnhandledEvents(token, headIndex)) {
                return false;
            }
        }
        return true;
    }

    private boolean hasUnhandledEvents(TrackingToken token, long headIndex) {
        TrackingToken lowerBound = WrappedToken.unwrapLowerBound(token);
        if (!(lowerBound instanceof GapAwareTrackingToken gapAware)) {
            return false;
        }
        Set<Long> gaps = gapAware.getGaps().headSet(headIndex + 1);
        if (gaps.isEmpty()) {
            return false;
        }
        Integer stored = jdbc.queryForObject(
                "select count(*) from domain_event_entry where global_index = any (?)", Integer.class,
                (Object) gaps.toArray(Long[]::new));
        return stored != null && stored > 0;
    }

    private TrackingToken deserialize(byte[] token, String type) {
        if (token == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a projection", e);
        }
    }
}
