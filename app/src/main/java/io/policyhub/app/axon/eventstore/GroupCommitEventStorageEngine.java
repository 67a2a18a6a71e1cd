package io.policyhub.app.axon.eventstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's JDBC storage engine with group commit and pipelined commands.
 *
 * <p><b>Group commit.</b> Axon commits every command in its own transaction, so the event store
 * pays one commit (and one fsync) per command. Here each unit of work hands its events to a single
 * committer thread; the committer writes whatever accumulated meanwhile, from many concurrent
 * commands, as one JDBC batch in one transaction. Each command's events stay together in one
 * transaction. The committer has a connection pool of its own: every waiting command holds a
 * connection of the main pool (its unit of work's transaction), so borrowing from that pool could
 * wait forever. A batch that fails (typically one command lost a race for an aggregate's next
 * sequence number) is rolled back and its appends are committed one by one, so only the guilty one
 * fails, with the same exception the plain engine would throw.
 *
 * <p><b>Pipelining.</b> A command's unit of work does not wait for the commit: its events are
 * queued, the aggregate's lock is released, and the command bus answers the command only once
 * they are durable ({@link PipelinedCommandBus}). So the next command on a hot aggregate runs while
 * the previous one commits, and both go to disk in one transaction; every answered command is still
 * durably stored. The price is that a command may build on events that then fail to commit. The
 * committer therefore marks an aggregate whose pipelined append failed as <em>stale</em> and refuses
 * every later append to it but a creation (with a {@link ConcurrencyException}, which the gateway
 * retries) until it has been loaded afresh from the database under its lock: that load queues a
 * marker behind every append made from the stale state (they were all queued under the aggregate's
 * lock, before the load), and reaching the marker clears the mark. The command bus drops a refused
 * command's aggregate from the cache, so the retry loads it afresh. The protocol in short is in
 * the package documentation.
 */
public class GroupCommitEventStorageEngine extends JdbcEventStorageEngine {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitEventStorageEngine.class);

    private final Class<?> serializedForm;
    private final HikariDataSource dataSource;
    private final int maxBatch;
    private final boolean pipelined;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Set<String> stale = ConcurrentHashMap.newKeySet();
    private final Thread committer;
    private final Timer commits;
    private final DistributionSummary batchSizes;
    private volatile Runnable afterStoring = () -> { };
    private volatile boolean running = true;

    /**
     * @param serializedForm the builder's data type: events are serialized to it before they are queued
     * @param dataSource     the committer's own connections (see above)
     */
    public GroupCommitEventStorageEngine(Builder builder, Class<?> serializedForm, HikariDataSource dataSource,
                                         int maxBatch, boolean pipelined, MeterRegistry meters) {
        super(builder);
        this.serializedForm = serializedForm;
        this.dataSource = dataSource;
        this.maxBatch = maxBatch;
        this.pipelined = pipelined;
        this.commits = Timer.builder("policyhub.event_store.commit")
                .description("Time the committer takes to write and commit one batch").register(meters);
        this.batchSizes = DistributionSummary.builder("policyhub.event_store.commit.appends")
                .description("Units of work committed together in one transaction").register(meters);
        this.committer = new Thread(this::commitLoop, "event-store-committer");
        committer.setDaemon(true);
        committer.start();
    }

    /** Runs after every commit that stored events: the event store wakes its tracking processors then. */
    public void afterStoring(Runnable listener) {
        this.afterStoring = listener;
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        for (EventMessage<?> event : events) {
            // serialized here, in parallel in the commands' threads, not in the one committer thread
            // they all share: the messages keep their serialized form, the insert finds it there
            event.serializePayload(serializer, serializedForm);
            event.serializeMetaData(serializer, serializedForm);
        }
        CommandScope scope = pipelined ? CommandScope.enclosing() : null;
        Append append = new Append(events, serializer, scope != null);
        queue.add(append);
        if (scope != null) {
            scope.register(append);
            return;
        }
        RuntimeException failure = append.awaitOutcome();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        if (!stale.isEmpty() && stale.contains(aggregateIdentifier) && !SnapshotThread.isCurrent()) {
            // queued under the aggregate's lock: behind every append made from the stale state
            queue.add(new FreshLoad(aggregateIdentifier));
        }
        return super.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    private void commitLoop() {
        List<Object> entries = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                entries.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (queue.isEmpty()) {
                    return;
                }
            }
            queue.drainTo(entries, maxBatch - entries.size());
            process(entries);
            entries.clear();
        }
    }

    /** Commits the appends in queue order; a fresh load's marker splits the batch where it stands. */
    private void process(List<Object> entries) {
        List<Append> batch = new ArrayList<>();
        for (Object entry : entries) {
            if (entry instanceof FreshLoad load) {
                commit(batch);
                batch.clear();
                stale.remove(load.aggregateIdentifier());
            } else {
                batch.add((Append) entry);
            }
        }
        commit(batch);
    }

    private void commit(List<Append> appends) {
        List<Append> batch = new ArrayList<>();
        for (Append append : appends) {
            if (!refusedAsStale(append)) {
                batch.add(append);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        batchSizes.record(batch.size());
        commits.record(() -> commitBatch(batch));
        afterStoring.run();
    }

    private void commitBatch(List<Append> batch) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                insert(connection, batch);
                connection.commit();
                batch.forEach(Append::succeed);
            } catch (SQLException | RuntimeException batchFailed) {
                if (!rolledBack(connection, batchFailed) || batch.size() == 1) {
                    // a connection that broke (the server went away) fails the batch with its real cause
                    batch.forEach(append -> fail(append, batchFailed));
                } else {
                    batch.forEach(append -> commitAlone(connection, append));
                }
            }
        } catch (SQLException | RuntimeException unavailable) {
            log.warn("Event store commit failed: {}", unavailable.toString());
            batch.stream().filter(append -> !append.isDone()).forEach(append -> fail(append, unavailable));
        }
    }

    private static boolean rolledBack(Connection connection, Exception failure) {
        try {
            connection.rollback();
            return true;
        } catch (SQLException rollbackFailed) {
            failure.addSuppressed(rollbackFailed);
            return false;
        }
    }

    private void commitAlone(Connection connection, Append append) {
        if (refusedAsStale(append)) {
            return;
        }
        try {
            insert(connection, List.of(append));
            connection.commit();
            append.succeed();
        } catch (SQLException | RuntimeException failed) {
            rolledBack(connection, failed);
            fail(append, failed);
        }
    }

    /** One statement, batched, per run of appends that share a serializer (in practice: all of them). */
    private void insert(Connection connection, List<Append> appends) throws SQLException {
        int start = 0;
        while (start < appends.size()) {
            Serializer serializer = appends.get(start).serializer;
            List<EventMessage<?>> events = new ArrayList<>();
            int end = start;
            while (end < appends.size() && appends.get(end).serializer == serializer) {
                events.addAll(appends.get(end).events);
                end++;
            }
            try (var statement = appendEvents(connection, events, serializer)) {
                statement.executeBatch();
            }
            start = end;
        }
    }

    /** Creations are not refused: they build on nothing, and the store refuses them if the aggregate exists. */
    private boolean refusedAsStale(Append append) {
        for (String aggregate : append.aggregates) {
            if (stale.contains(aggregate) && !append.created.contains(aggregate)) {
                append.fail(new ConcurrencyException("An earlier change of aggregate " + aggregate
                        + " was not stored, and this command was handled on top of it"));
                return true;
            }
        }
        return false;
    }

    /**
     * A failed pipelined append's aggregates are ahead of the store in memory, and later commands may
     * already build on them: stale until loaded afresh. (A unit of work that waits for its append
     * holds the aggregate's lock until it has rolled back and dropped the aggregate from the cache.)
     */
    private void fail(Append append, Exception cause) {
        if (append.pipelined) {
            stale.addAll(append.aggregates);
        }
        try {
            handlePersistenceException(cause, append.events.get(0));
            append.fail(new EventStoreException("Events not stored", cause));
        } catch (RuntimeException translated) {
            append.fail(translated);
        }
    }

    /** Commits what is queued, then stops the committer (Spring calls it when the context closes). */
    public void shutdown() throws InterruptedException {
        running = false;
        committer.interrupt();
        committer.join(5_000);
        dataSource.close();
    }

    private record FreshLoad(String aggregateIdentifier) {
    }

    /** One unit of work's events; their outcome is awaited by the unit of work or by the command bus. */
    static final class Append {
        final List<? extends EventMessage<?>> events;
        final Serializer serializer;
        final Set<String> aggregates = new LinkedHashSet<>();
        /** the aggregates this append creates (its events start their streams) */
        final Set<String> created = new LinkedHashSet<>();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        /** answered by the command bus: the unit of work went on without waiting */
        final boolean pipelined;

        Append(List<? extends EventMessage<?>> events, Serializer serializer, boolean pipelined) {
            this.events = events;
            this.serializer = serializer;
            this.pipelined = pipelined;
            for (EventMessage<?> event : events) {
                if (event instanceof DomainEventMessage<?> domainEvent) {
                    if (aggregates.add(domainEvent.getAggregateIdentifier()) && domainEvent.getSequenceNumber() == 0) {
                        created.add(domainEvent.getAggregateIdentifier());
                    }
                }
            }
        }

        boolean isDone() {
            return done.isDone();
        }

        void succeed() {
            done.complete(null);
        }

        void fail(RuntimeException cause) {
            done.completeExceptionally(cause);
        }

        /** @return null once stored, or why not */
        RuntimeException awaitOutcome() {
            try {
                done.join();
                return null;
            } catch (CompletionException e) {
                return e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
    }
}
