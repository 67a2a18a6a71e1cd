package io.policyhub.messenger.gateway;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one session's work (its frames, its pushes) one task at a time and in order, on workers
 * shared by all sessions: a socket costs a queue, not a thread. The queue is bounded, so a session
 * that produces faster than it is served is told no instead of growing the heap. Hand-written
 * because the JDK and Spring offer no bounded serial executor over a shared pool (decision 29).
 */
final class SessionMailbox {

    private static final Logger log = LoggerFactory.getLogger(SessionMailbox.class);
    /** Tasks run per turn before the worker moves on, so a busy session cannot starve the others. */
    private static final int TURN = 32;

    private final Executor workers;
    private final int capacity;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SessionMailbox(Executor workers, int capacity) {
        this.workers = workers;
        this.capacity = capacity;
    }

    /** @return false when the mailbox is full: the task is not run */
    boolean offer(Runnable task) {
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            return false;
        }
        tasks.add(task);
        schedule();
        return true;
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            workers.execute(this::runTurn);
        }
    }

    private void runTurn() {
        for (int i = 0; i < TURN; i++) {
            Runnable task = tasks.poll();
            if (task == null) {
                break;
            }
            queued.decrementAndGet();
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("A WebSocket session task failed", e);
            }
        }
        scheduled.set(false);
        // a task offered after the last poll saw "scheduled" still set and left the scheduling to us
        if (!tasks.isEmpty()) {
            schedule();
        }
    }
}
