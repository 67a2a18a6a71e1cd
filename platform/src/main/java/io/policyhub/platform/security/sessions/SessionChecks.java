package io.policyhub.platform.security.sessions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-request "is this session open?" checks of concurrent requests, answered by one query: one
 * thread takes every check waiting and asks for all of their sessions at once ({@code = any(?)}).
 * A check is always answered by a query that started after it was asked, so an ended session is
 * refused from the next request on exactly as with a query per request; under load one round trip
 * answers the checks that arrived while the previous one ran (the way the event store groups
 * commits). Decision 30 and the A/B in bench/README.md.
 */
final class SessionChecks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionChecks.class);
    /** Bounds one query's array; more checks wait for the next round trip. */
    private static final int MAX_BATCH = 256;
    /** As long as a request would wait for a pooled connection before giving up. */
    private static final Duration STALLED = Duration.ofSeconds(30);

    private record Check(UUID sessionId, CompletableFuture<Boolean> open) {
    }

    private final BlockingQueue<Check> waiting = new LinkedBlockingQueue<>();
    private final Function<Collection<UUID>, Set<UUID>> openAmong;
    private final Thread checker;
    private volatile boolean running = true;

    /** @param openAmong of the given sessions, the open ones (one query) */
    SessionChecks(Function<Collection<UUID>, Set<UUID>> openAmong) {
        this.openAmong = openAmong;
        this.checker = new Thread(this::checkLoop, "session-checks");
        checker.setDaemon(true);
        checker.start();
    }

    boolean isOpen(UUID sessionId) {
        if (!running) {
            throw new IllegalStateException("The session checks have stopped");
        }
        Check check = new Check(sessionId, new CompletableFuture<>());
        waiting.add(check);
        try {
            return check.open().get(STALLED.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stalled) {
            throw new IllegalStateException("No answer about session " + sessionId + " within " + STALLED, stalled);
        } catch (ExecutionException failed) {
            // the query's own exception (a DataAccessException when PostgreSQL is away: answered 503)
            throw failed.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(failed.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking a session", e);
        }
    }

    private void checkLoop() {
        List<Check> batch = new ArrayList<>();
        while (running) {
            try {
                batch.add(waiting.take());
            } catch (InterruptedException stopping) {
                break;
            }
            waiting.drainTo(batch, MAX_BATCH - 1);
            answer(batch);
            batch.clear();
        }
        List<Check> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(check -> check.open().completeExceptionally(new IllegalStateException("The session checks have stopped")));
    }

    private void answer(List<Check> batch) {
        try {
            Set<UUID> ids = new HashSet<>();
            batch.forEach(check -> ids.add(check.sessionId()));
            Set<UUID> open = openAmong.apply(ids);
            batch.forEach(check -> check.open().complete(open.contains(check.sessionId())));
        } catch (RuntimeException failed) {
            log.debug("Checking {} sessions failed: {}", batch.size(), failed.toString());
            batch.forEach(check -> check.open().completeExceptionally(failed));
        }
    }

    @Override
    public void close() {
        running = false;
        checker.interrupt();
    }
}
