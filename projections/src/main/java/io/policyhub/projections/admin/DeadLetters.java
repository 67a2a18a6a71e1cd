package io.policyhub.projections.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Operators' view of the projections' dead-letter queues (Axon's, configured in
 * {@code app/axon/DeadLettering}): list, retry and evict parked events. A retry processes the whole
 * sequence that holds the letter, from its first, so events are applied in order; a letter that
 * fails again stays parked with one attempt more. An eviction drops the event for good and records
 * who did it and why in {@code dead_letter_evictions}; replays skip it too. Retries run in the background (the API answers
 * 202); any projections instance may run them, the queue's claims keep two from taking one sequence.
 */
@Component
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    /** The diagnostics entry counting how often a letter was tried: 1 when parked, one more per failed retry. */
    public static final String ATTEMPTS = "attempts";

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final MeterRegistry registry;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dead-letters");
        thread.setDaemon(true);
        return thread;
    });
    /** Per processor, the events operators evicted: skipped when a replay meets them again. */
    private volatile Map<String, Set<String>> evicted;

    DeadLetters(EventProcessingConfiguration processing, JdbcTemplate jdbc, TransactionTemplate transaction, MeterRegistry registry) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.registry = registry;
    }

    public record Parked(String id, String group, String sequence, String eventType, String aggregateId, String cause,
                         Instant parkedAt, int attempts) {
    }

    /** The parked events of every group, each group's sequences oldest first, at most {@code limit}. */
    public List<Parked> list(int limit) {
        List<Parked> parked = new ArrayList<>();
        for (String group : groups()) {
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue(group).orElseThrow().deadLetters()) {
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    if (parked.size() == limit) {
                        return parked;
                    }
                    parked.add(view(group, letter));
                }
            }
        }
        return parked;
    }

    /** How many events the group has parked; 0 for a group that never parks. */
    public long parked(String group) {
        return queue(group).map(SequencedDeadLetterQueue::size).orElse(0L);
    }

    /** Retries the sequence that holds the letter, in the background; false when no such letter is parked. */
    public boolean retry(String id) {
        Optional<Location> location = locate(id);
        location.ifPresent(found -> background.execute(() -> retrySequence(found)));
        return location.isPresent();
    }

    /** Retries every parked sequence of every group once, in the background. */
    public void retryAll() {
        background.execute(() -> groups().forEach(group -> {
            long sequences = queue(group).orElseThrow().amountOfSequences();
            for (long i = 0; i < sequences; i++) {
                if (!processing.sequencedDeadLetterProcessor(group).orElseThrow().processAny()) {
                    break;
                }
            }
        }));
    }

    /** Drops the letter for good and records why; false when no such letter is parked. */
    public boolean evict(String id, String reason, String operator) {
        Optional<Location> location = locate(id);
        if (location.isEmpty()) {
            return false;
        }
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(location.get().group()).orElseThrow();
        boolean evictedNow = Boolean.TRUE.equals(transaction.execute(status -> {
            for (DeadLetter<? extends EventMessage<?>> letter : queue.deadLetterSequence(location.get().sequence())) {
                if (letter instanceof JdbcDeadLetter<?> jdbcLetter && jdbcLetter.getIdentifier().equals(id)) {
                    Parked parked = view(location.get().group(), letter);
                    jdbc.update("""
                                    insert into dead_letter_evictions (dead_letter_id, processing_group, sequence_identifier,
                                        event_identifier, payload_type, aggregate_identifier, cause_message, reason, evicted_by, evicted_at)
                                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, now())""",
                            id, parked.group(), parked.sequence(), letter.message().getIdentifier(), parked.eventType(),
                            parked.aggregateId(), parked.cause(), reason, operator);
                    queue.evict(letter);
                    log.warn("Dead letter {} ({} of {} in {}) evicted by {}: {}", id, parked.eventType(), parked.aggregateId(),
                            parked.group(), operator, reason);
                    return true;
                }
            }
            return false;
        }));
        if (evictedNow) {
            reloadEvictions();
        }
        return evictedNow;
    }

    /**
     * An evicted event stays evicted: a replay skips it, so every replay gives the same read model.
     * Every instance reloads the evictions every few seconds (and at once after its own).
     */
    @Autowired
    void skipEvictedEvents(EventProcessingConfigurer configurer) {
        configurer.registerDefaultHandlerInterceptor((configuration, processor) -> (unitOfWork, chain) -> {
            Set<String> skipped = evictions().get(processor);
            return skipped != null && skipped.contains(unitOfWork.getMessage().getIdentifier()) ? null : chain.proceed();
        });
    }

    private Map<String, Set<String>> evictions() {
        Map<String, Set<String>> current = evicted;
        return current != null ? current : reloadEvictions();
    }

    private Map<String, Set<String>> reloadEvictions() {
        Map<String, Set<String>> loaded = new HashMap<>();
        jdbc.query("select processing_group, event_identifier from dead_letter_evictions", rs -> {
            loaded.computeIfAbsent(rs.getString("processing_group"), group -> new HashSet<>()).add(rs.getString("event_identifier"));
        });
        evicted = loaded;
        return loaded;
    }

    /** Parked count and the oldest parked event's age per group, read at scrape time. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        background.scheduleWithFixedDelay(this::reloadEvictionsQuietly, 5, 5, TimeUnit.SECONDS);
        registerMetrics();
    }

    private void reloadEvictionsQuietly() {
        try {
            reloadEvictions();
        } catch (RuntimeException e) {
            log.warn("Could not reload the evicted events; the last known set stays in use", e);
        }
    }

    private void registerMetrics() {
        groups().forEach(group -> {
            Gauge.builder("policyhub.dead_letters.parked", () -> parked(group))
                    .description("Events parked in the group's dead-letter queue").tag("processor", group).register(registry);
            Gauge.builder("policyhub.dead_letters.oldest.age", () -> oldestAgeSeconds(group))
                    .description("Age of the group's oldest parked event (0 when none)").baseUnit("seconds")
                    .tag("processor", group).register(registry);
        });
    }

    private double oldestAgeSeconds(String group) {
        // the queue's timestamps are fixed-width ISO text, so the smallest is the oldest
        String oldest = jdbc.queryForObject("select min(enqueued_at) from dead_letter_entry where processing_group = ?",
                String.class, group);
        return oldest == null ? 0 : Math.max(0, Duration.between(Instant.parse(oldest), Instant.now()).toMillis() / 1000.0);
    }

    private void retrySequence(Location location) {
        try {
            boolean processed = processing.sequencedDeadLetterProcessor(location.group()).orElseThrow().process(letter ->
                    letter instanceof JdbcDeadLetter<?> jdbcLetter && jdbcLetter.getSequenceIdentifier().equals(location.sequence()));
            log.info("Retry of dead-letter sequence {} in {}: {}", location.sequence(), location.group(),
                    processed ? "applied" : "still parked or claimed by another instance");
        } catch (RuntimeException e) {
            log.warn("Retry of dead-letter sequence {} in {} failed", location.sequence(), location.group(), e);
        }
    }

    private Optional<Location> locate(String id) {
        return jdbc.query("select processing_group, sequence_identifier from dead_letter_entry where dead_letter_id = ?",
                        (rs, row) -> new Location(rs.getString("processing_group"), rs.getString("sequence_identifier")), id)
                .stream().filter(location -> queue(location.group()).isPresent()).findFirst();
    }

    private List<String> groups() {
        return processing.eventProcessors().keySet().stream().filter(group -> queue(group).isPresent()).sorted().toList();
    }

    private Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue(String group) {
        return processing.deadLetterQueue(group);
    }

    private static Parked view(String group, DeadLetter<? extends EventMessage<?>> letter) {
        JdbcDeadLetter<?> stored = (JdbcDeadLetter<?>) letter;
        EventMessage<?> event = letter.message();
        String aggregateId = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
        Object attempts = letter.diagnostics().get(ATTEMPTS);
        return new Parked(stored.getIdentifier(), group, stored.getSequenceIdentifier(), event.getPayloadType().getSimpleName(),
                aggregateId, letter.cause().map(Cause::message).orElse(null), letter.enqueuedAt(),
                attempts instanceof Number number ? number.intValue() : 1);
    }

    private record Location(String group, String sequence) {
    }
}
