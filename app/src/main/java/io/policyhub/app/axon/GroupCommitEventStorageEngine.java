package io.policyhub.app.axon;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's JDBC storage engine with group commit. Axon commits every command in its own
 * transaction, so the event store pays one commit (and one fsync) per command. Here each unit of
 * work hands its events to a single committer thread and waits; the committer writes whatever
 * accumulated meanwhile, from many concurrent commands, as one JDBC batch in one transaction, then
 * releases all of them. A command is still acknowledged only after its events are durably
 * committed, and each command's events stay together in one transaction.
 *
 * <p>The committer has a connection pool of its own: every waiting command holds a connection of
 * the main pool (its unit of work's transaction), so borrowing from that pool could wait forever.
 *
 * <p>A batch that fails (typically one command lost a race for an aggregate's next sequence number)
 * is rolled back and its commands are committed one by one, so only the guilty one fails, with
 * the same exception the plain engine would throw.
 */
class GroupCommitEventStorageEngine extends JdbcEventStorageEngine {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitEventStorageEngine.class);

    private final HikariDataSource dataSource;
    private final int maxBatch;
    private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private final Timer commits;
    private final DistributionSummary batchSizes;
    private volatile boolean running = true;

    /** @param dataSource the committer's own connections (see above) */
    GroupCommitEventStorageEngine(Builder builder, HikariDataSource dataSource, int maxBatch, MeterRegistry meters) {
        super(builder);
        this.dataSource = dataSource;
        this.maxBatch = maxBatch;
        this.commits = Timer.builder("policyhub.event_store.commit")
                .description("Time the committer takes to write and commit one batch").register(meters);
        this.batchSizes = DistributionSummary.builder("policyhub.event_store.commit.appends")
                .description("Units of work committed together in one transaction").register(meters);
        this.committer = new Thread(this::commitLoop, "event-store-committer");
        committer.setDaemon(true);
        committer.start();
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        Append append = new Append(events, serializer);
        queue.add(append);
        try {
            append.done.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void commitLoop() {
        List<Append> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (queue.isEmpty()) {
                    return;
                }
            }
            queue.drainTo(batch, maxBatch - batch.size());
            batchSizes.record(batch.size());
            commits.record(() -> commit(batch));
            batch.clear();
        }
    }

    private void commit(List<Append> batch) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                insert(connection, batch);
                connection.commit();
                batch.forEach(append -> append.done.complete(null));
            } catch (SQLException | RuntimeException batchFailed) {
                connection.rollback();
                if (batch.size() == 1) {
                    fail(batch.get(0), batchFailed);
                } else {
                    batch.forEach(append -> commitAlone(connection, append));
                }
            }
        } catch (SQLException | RuntimeException unavailable) {
            log.warn("Event store commit failed: {}", unavailable.toString());
            batch.stream().filter(append -> !append.done.isDone()).forEach(append -> fail(append, unavailable));
        }
    }

    private void commitAlone(Connection connection, Append append) {
        try {
            insert(connection, List.of(append));
            connection.commit();
            append.done.complete(null);
        } catch (SQLException | RuntimeException failed) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailed) {
                failed.addSuppressed(rollbackFailed);
            }
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

    private void fail(Append append, Exception cause) {
        try {
            handlePersistenceException(cause, append.events.get(0));
            append.done.completeExceptionally(new EventStoreException("Events not stored", cause));
        } catch (RuntimeException translated) {
            append.done.completeExceptionally(translated);
        }
    }

    /** Commits what is queued, then stops the committer (Spring calls it when the context closes). */
    public void shutdown() throws InterruptedException {
        running = false;
        committer.interrupt();
        committer.join(5_000);
        dataSource.close();
    }

    private static final class Append {
        final List<? extends EventMessage<?>> events;
        final Serializer serializer;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Append(List<? extends EventMessage<?>> events, Serializer serializer) {
            this.events = events;
            this.serializer = serializer;
        }
    }
}
