package io.policyhub.projections.admin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Status and replay of the streaming processors that build the read models, over every instance.
 * A replay is a request that {@link ReplayCoordinator} carries out on every instance; the status
 * reads the shared token store and the instances' heartbeats, so any instance answers for all.
 */
@Component
public class ProjectionAdministration {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Duration liveness;
    private final DeadLetters deadLetters;

    public ProjectionAdministration(EventProcessingConfiguration processing, EventStore eventStore, JdbcTemplate jdbc, Serializer serializer,
                       DeadLetters deadLetters, @Value("${policyhub.processing.balance-interval:5s}") Duration heartbeat) {
        this.processing = processing;
        this.deadLetters = deadLetters;
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.liveness = heartbeat.multipliedBy(3);
    }

    /** Every processor, with {@code lagSeconds} (which reads the oldest unprocessed event of each processor behind). */
    public Collection<ProjectionStatus> list() {
        OptionalLong head = headPosition();
        return streaming().stream()
                .map(processor -> status(processor, head, true))
                .sorted(Comparator.comparing(ProjectionStatus::name))
                .toList();
    }

    public Optional<ProjectionStatus> find(String name) {
        return streaming(name).map(processor -> status(processor, headPosition(), false));
    }

    /**
     * Every processor's lag, from one read of the token store and the head: what the lag gauges show.
     * (The status of each would take three queries per processor.)
     */
    public Map<String, Lag> lags() {
        OptionalLong head = headPosition();
        Map<String, List<TrackingToken>> tokens = new HashMap<>();
        jdbc.query("select processor_name, token, token_type from token_entry where token is not null",
                (ResultSet rs) -> {
                    tokens.computeIfAbsent(rs.getString("processor_name"), name -> new ArrayList<>()).add(token(rs));
                });
        Map<String, Lag> lags = new HashMap<>();
        streaming().forEach(processor -> lags.put(processor.getName(), lag(tokens.getOrDefault(processor.getName(), List.of()), head, true)));
        return lags;
    }

    /** Events between the slowest segment and the head, and the age of the first of them; null while there is no position. */
    public record Lag(Long position, Long events, Long seconds) {
    }

    /**
     * Asks every instance to rebuild the processor's read model from the first event: each stops the
     * processor, one resets the tokens once all have (its {@code @ResetHandler}s clear the read
     * model), then all start again. The answer only says whether it was asked for.
     */
    public ReplayOutcome replay(String name) {
        Optional<StreamingEventProcessor> found = streaming(name);
        if (found.isEmpty()) {
            return ReplayOutcome.UNKNOWN;
        }
        if (!found.get().supportsReset()) {
            return ReplayOutcome.NOT_REPLAYABLE;
        }
        jdbc.update("""
                insert into processor_replays (processor_name, generation, state, requested_at, updated_at)
                values (?, 1, 'REQUESTED', now(), now())
                on conflict (processor_name) do update set generation = processor_replays.generation + 1,
                    state = 'REQUESTED', requested_at = now(), updated_at = now(), detail = null""", name);
        return ReplayOutcome.STARTED;
    }

    public enum ReplayOutcome { STARTED, UNKNOWN, NOT_REPLAYABLE }

    private List<StreamingEventProcessor> streaming() {
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .toList();
    }

    private Optional<StreamingEventProcessor> streaming(String name) {
        return processing.eventProcessor(name)
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast);
    }

    private ProjectionStatus status(StreamingEventProcessor processor, OptionalLong head, boolean withLagSeconds) {
        String name = processor.getName();
        List<TrackingToken> tokens = jdbc.query("select token, token_type from token_entry where processor_name = ? and token is not null",
                (rs, row) -> token(rs), name);
        List<ProjectionStatus.Instance> instances = jdbc.query("""
                        select node_id, coalesce(state, 'UNKNOWN') as state from processor_nodes
                        where processor_name = ? and heartbeat_at > now() - ? * interval '1 millisecond' order by node_id""",
                (rs, row) -> new ProjectionStatus.Instance(rs.getString("node_id"), rs.getString("state")), name, liveness.toMillis());
        Optional<ProjectionStatus.ReplayRequest> replay = jdbc.query("""
                        select generation, state, requested_at, detail from processor_replays where processor_name = ?""",
                (rs, row) -> new ProjectionStatus.ReplayRequest(rs.getLong("generation"), rs.getString("state"),
                        rs.getTimestamp("requested_at").toInstant().toString(), rs.getString("detail")), name).stream().findFirst();

        boolean requested = replay.filter(request -> request.state().equals("REQUESTED")).isPresent();
        boolean replaying = requested || tokens.stream().anyMatch(ProjectionAdministration::replaying);
        Lag lag = lag(tokens, head, withLagSeconds);
        return new ProjectionStatus(name, merged(instances, processor), replaying, processor.supportsReset(),
                lag.position(), head.isPresent() ? head.getAsLong() : null, lag.events(),
                lag.seconds(), requested ? Double.valueOf(0) : percent(tokens), deadLetters.parked(name), replay.orElse(null), instances);
    }

    private Lag lag(List<TrackingToken> tokens, OptionalLong head, boolean withSeconds) {
        Optional<TrackingToken> slowest = tokens.stream().filter(token -> token.position().isPresent())
                .min(Comparator.comparingLong(token -> token.position().getAsLong()));
        if (slowest.isEmpty() || head.isEmpty()) {
            return new Lag(slowest.map(token -> token.position().getAsLong()).orElse(null), null, null);
        }
        long position = slowest.get().position().getAsLong();
        long events = Math.max(0, head.getAsLong() - position);
        Long seconds = !withSeconds ? null : events == 0 ? Long.valueOf(0) : secondsBehind(slowest.get());
        return new Lag(position, events, seconds);
    }

    private TrackingToken token(ResultSet rs) throws SQLException {
        return serializer.deserialize(new SimpleSerializedObject<>(rs.getBytes("token"), byte[].class, rs.getString("token_type"), null));
    }

    /** ERROR when any instance is in error, RUNNING when any runs, else STOPPED (this instance's own state counts at once). */
    private static String merged(List<ProjectionStatus.Instance> instances, StreamingEventProcessor local) {
        boolean localError = local.processingStatus().values().stream().anyMatch(segment -> segment.isErrorState());
        if (localError || instances.stream().anyMatch(instance -> instance.status().equals("ERROR"))) {
            return "ERROR";
        }
        return local.isRunning() || instances.stream().anyMatch(instance -> instance.status().equals("RUNNING")) ? "RUNNING" : "STOPPED";
    }

    /**
     * A segment replays until it reaches the position the replay started from. (Its token stays a
     * ReplayToken until an event beyond that position arrives, which on a quiet system can be a while.)
     */
    private static boolean replaying(TrackingToken token) {
        return token instanceof ReplayToken replay && position(replay.getCurrentToken()) < position(replay.getTokenAtReset());
    }

    /** How far the slowest replaying segment is towards the position the replay started from; null when none replays. */
    private static Double percent(List<TrackingToken> tokens) {
        return tokens.stream().filter(ProjectionAdministration::replaying).map(ReplayToken.class::cast)
                .map(token -> Math.floor(1000.0 * position(token.getCurrentToken()) / position(token.getTokenAtReset())) / 10)
                .min(Double::compare).orElse(null);
    }

    private static long position(TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0);
    }

    /** The age of the first event after the slowest segment's position: how far behind in time the read model is. */
    private Long secondsBehind(TrackingToken slowest) {
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(WrappedToken.unwrapLowerBound(slowest))) {
            if (!stream.hasNextAvailable(1, TimeUnit.SECONDS)) {
                return 0L;
            }
            return Math.max(0, Duration.between(stream.nextAvailable().getTimestamp(), Instant.now()).toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private OptionalLong headPosition() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? OptionalLong.empty() : head.position();
    }
}
