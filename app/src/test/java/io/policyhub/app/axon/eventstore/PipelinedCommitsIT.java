package io.policyhub.app.axon.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import io.policyhub.app.support.IntegrationTest;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Pipelined commands against the real event store: a command that built on events which failed to
 * commit must never be stored, until the aggregate has been loaded afresh.
 */
@IntegrationTest
class PipelinedCommitsIT {

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    JdbcTemplate jdbc;

    private final String aggregate = UUID.randomUUID().toString();
    private final List<String> evicted = new ArrayList<>();

    @Test
    void aCommandOnTopOfAFailedOneIsRefusedUntilTheAggregateIsLoadedAfresh() throws InterruptedException {
        append(0, "created");
        append(1, "stored by another instance");

        assertThat(command(1, "lost the race")).isInstanceOf(ConcurrencyException.class);
        assertThat(evicted).as("the failed command's aggregate leaves the cache").containsExactly(aggregate);

        // handled on the cached state that included the lost event
        assertThat(command(2, "built on the lost event"))
                .isInstanceOf(ConcurrencyException.class).hasMessageContaining("earlier change");
        // a snapshot's reads are no fresh load
        Thread snapshot = new SnapshotThread(() -> storageEngine.readEvents(aggregate).asStream().count());
        snapshot.start();
        snapshot.join();
        assertThat(command(2, "still built on it")).isInstanceOf(ConcurrencyException.class);

        assertThat(storageEngine.readEvents(aggregate).asStream().count()).as("loaded afresh").isEqualTo(2);
        assertThat(command(2, "on fresh state")).isNull();

        assertThat(jdbc.queryForList("select sequence_number from domain_event_entry where aggregate_identifier = ?"
                + " order by sequence_number", Long.class, aggregate)).containsExactly(0L, 1L, 2L);
        assertThat(payloads()).containsExactly("created", "stored by another instance", "on fresh state");
    }

    @Test
    void commandsOnOneAggregateRunWhileTheirPredecessorsCommitAndAllAreStoredInOrder() throws Exception {
        int commands = 20;
        ExecutorService requests = Executors.newFixedThreadPool(commands);
        try {
            List<Future<RuntimeException>> answers = new ArrayList<>();
            for (int sequence = 0; sequence < commands; sequence++) {
                long next = sequence;
                CountDownLatch handed = new CountDownLatch(1);
                // one request thread per command; the next starts once this one's unit of work is over
                // (as the aggregate lock orders them), not once its events are stored
                answers.add(requests.submit(() -> {
                    CommandScope scope = handled(next, "deposit " + next);
                    handed.countDown();
                    return scope.closeAndAwait(evicted::add);
                }));
                assertThat(handed.await(10, TimeUnit.SECONDS)).isTrue();
            }
            for (Future<RuntimeException> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isNull();
            }
        } finally {
            requests.shutdownNow();
        }
        assertThat(evicted).isEmpty();
        assertThat(jdbc.queryForList("select sequence_number from domain_event_entry where aggregate_identifier = ?"
                + " order by global_index", Long.class, aggregate))
                .containsExactlyElementsOf(LongStream.range(0, commands).boxed().toList());
    }

    /** Handles one command as the command bus does: its unit of work appends in its scope, then the outcome is awaited. */
    private RuntimeException command(long sequence, String payload) {
        return handled(sequence, payload).closeAndAwait(evicted::add);
    }

    /** @return the command's scope, once its unit of work is over (not its append) */
    private CommandScope handled(long sequence, String payload) {
        CommandScope scope = new CommandScope();
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        scope.attachTo(unitOfWork);
        unitOfWork.execute(() -> storageEngine.appendEvents(event(sequence, payload)));
        return scope;
    }

    private void append(long sequence, String payload) {
        storageEngine.appendEvents(event(sequence, payload));
    }

    private GenericDomainEventMessage<String> event(long sequence, String payload) {
        return new GenericDomainEventMessage<>("PipelineCheck", aggregate, sequence, payload);
    }

    private List<String> payloads() {
        List<String> payloads = new ArrayList<>();
        storageEngine.readEvents(aggregate).asStream().forEach(event -> payloads.add((String) event.getPayload()));
        return payloads;
    }
}
