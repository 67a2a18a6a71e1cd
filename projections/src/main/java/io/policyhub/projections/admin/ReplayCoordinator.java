package io.policyhub.projections.admin;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries out replay requests ({@link ProjectionAdministration#replay}) on every instance. A reset needs every
 * segment's token, so no instance may hold a claim: every instance stops the processor and records
 * that it did; once every live instance (heartbeat in {@code processor_nodes}) has, one of them
 * (whichever locks the request first) resets the tokens and marks the request RESET, and every
 * instance starts the processor again. If that has not happened within {@code replay-timeout} (an
 * instance that does not stop, a claim that does not expire), the request is marked FAILED with the
 * reason and every instance starts its processor again: a failed replay never leaves one stopped.
 * Every tick also records this instance's processor state next to its heartbeat.
 */
@Component
class ReplayCoordinator {

    private static final Logger log = LoggerFactory.getLogger(ReplayCoordinator.class);

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Duration liveness;
    private final Duration timeout;
    private final Duration tick;
    private final String nodeId = ManagementFactory.getRuntimeMXBean().getName();
    /** The request generation for which this instance stopped each processor. */
    private final Map<String, Long> stoppedFor = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "replay-coordinator");
        thread.setDaemon(true);
        return thread;
    });

    ReplayCoordinator(EventProcessingConfiguration processing, JdbcTemplate jdbc, TransactionTemplate transaction,
                      @Value("${policyhub.processing.balance-interval:5s}") Duration heartbeat,
                      @Value("${policyhub.processing.replay-timeout:60s}") Duration timeout,
                      @Value("${policyhub.processing.replay-check:500ms}") Duration tick) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.liveness = heartbeat.multipliedBy(3);
        this.timeout = timeout;
        this.tick = tick;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        timer.scheduleWithFixedDelay(this::coordinate, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void coordinate() {
        for (StreamingEventProcessor processor : processors()) {
            try {
                coordinate(processor);
            } catch (RuntimeException e) {
                log.warn("Replay coordination of {} skipped this time: {}", processor.getName(), e.toString());
            }
        }
    }

    private void coordinate(StreamingEventProcessor processor) {
        String name = processor.getName();
        heartbeat(processor);
        List<Request> requests = jdbc.query("select generation, state from processor_replays where processor_name = ?",
                (rs, row) -> new Request(rs.getLong("generation"), rs.getString("state")), name);
        if (requests.isEmpty()) {
            return;
        }
        Request request = requests.get(0);
        if (request.state().equals("REQUESTED")) {
            if (!Long.valueOf(request.generation()).equals(stoppedFor.get(name))) {
                log.info("Replay {} of {} requested: stopping the processor on this instance", request.generation(), name);
                processor.shutDown();
                stoppedFor.put(name, request.generation());
                jdbc.update("""
                        insert into processor_replay_stops (processor_name, node_id, generation, stopped_at) values (?, ?, ?, now())
                        on conflict (processor_name, node_id) do update set generation = excluded.generation, stopped_at = now()""",
                        name, nodeId, request.generation());
                heartbeat(processor);
            }
            transaction.executeWithoutResult(status -> resetOnceAllStopped(processor, request.generation()));
        } else if (Long.valueOf(request.generation()).equals(stoppedFor.get(name)) && !processor.isRunning()) {
            log.info("Replay {} of {} {}: starting the processor on this instance again", request.generation(), name,
                    request.state().equals("RESET") ? "reset" : "failed");
            stoppedFor.remove(name);
            processor.start();
            heartbeat(processor);
        }
    }

    /** In the request's row lock: the one instance that gets it resets, or gives up after the timeout. */
    private void resetOnceAllStopped(StreamingEventProcessor processor, long generation) {
        String name = processor.getName();
        List<Boolean> overdue = jdbc.query("""
                        select requested_at < now() - ? * interval '1 millisecond' as overdue from processor_replays
                        where processor_name = ? and generation = ? and state = 'REQUESTED' for update skip locked""",
                (rs, row) -> rs.getBoolean("overdue"), timeout.toMillis(), name, generation);
        if (overdue.isEmpty()) {
            return; // another instance holds it, or it is decided already
        }
        List<String> running = jdbc.queryForList("""
                        select n.node_id from processor_nodes n
                        left join processor_replay_stops s on s.processor_name = n.processor_name and s.node_id = n.node_id
                            and s.generation = ?
                        where n.processor_name = ? and n.heartbeat_at > now() - ? * interval '1 millisecond' and s.node_id is null""",
                String.class, generation, name, liveness.toMillis());
        String failure;
        if (running.isEmpty()) {
            try {
                processor.resetTokens();
                // the replay handles the parked events again, from the first: they are parked afresh if they still fail
                processing.deadLetterQueue(name).ifPresent(SequencedDeadLetterQueue::clear);
                jdbc.update("update processor_replays set state = 'RESET', updated_at = now() where processor_name = ?", name);
                log.info("Replay {} of {}: tokens reset; every instance starts the processor again", generation, name);
                return;
            } catch (RuntimeException e) {
                failure = "the tokens could not be reset: " + e.getMessage();
            }
        } else {
            failure = "instances did not stop the processor: " + String.join(", ", running);
        }
        if (overdue.get(0)) {
            log.warn("Replay {} of {} failed after {}: {}; every instance starts the processor again", generation, name, timeout, failure);
            jdbc.update("update processor_replays set state = 'FAILED', detail = ?, updated_at = now() where processor_name = ?",
                    failure, name);
        }
    }

    private void heartbeat(StreamingEventProcessor processor) {
        boolean error = processor.processingStatus().values().stream().anyMatch(segment -> segment.isErrorState());
        String state = error ? "ERROR" : processor.isRunning() ? "RUNNING" : "STOPPED";
        jdbc.update("""
                insert into processor_nodes (processor_name, node_id, heartbeat_at, state) values (?, ?, now(), ?)
                on conflict (processor_name, node_id) do update set heartbeat_at = now(), state = excluded.state""",
                processor.getName(), nodeId, state);
    }

    private List<StreamingEventProcessor> processors() {
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast)
                .filter(StreamingEventProcessor::supportsReset)
                .toList();
    }

    private record Request(long generation, String state) {
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
