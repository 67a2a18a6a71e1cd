package io.policyhub.app.axon.eventstore;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store, whose reader (and through it the tracking processors) is woken
 * when the engine has stored events. Axon wakes it after the unit of work commits, which with
 * pipelined commands is before the events are in the table: the processors would find nothing
 * and sleep until the next commit or a second later.
 *
 * <p>Wakes are paced: the first after a quiet spell at once, then at most one per
 * {@code readerPace}. Woken after every commit (~1,000 a second under load), the reader read ~3
 * events per query, each query a transaction of its own, and the projections wrote batches as
 * small; paced, reads and batches carry many commits' events, for at most one pace more of lag.
 */
public final class EventStoreWokenOnStoring extends EmbeddedEventStore {

    private final long paceNanos;
    private final AtomicBoolean storedSinceWake = new AtomicBoolean();
    private final Thread waker;
    private volatile boolean running = true;

    public EventStoreWokenOnStoring(Builder builder, Duration readerPace) {
        super(builder);
        this.paceNanos = readerPace.toNanos();
        this.waker = new Thread(this::wakeReader, "event-store-waker");
        waker.setDaemon(true);
        waker.start();
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        // the engine calls eventsStored() instead
    }

    /** Called by the engine after each commit. */
    public void eventsStored() {
        if (!storedSinceWake.getAndSet(true)) {
            LockSupport.unpark(waker);
        }
    }

    @Override
    public void shutDown() {
        running = false;
        LockSupport.unpark(waker);
        super.shutDown();
    }

    private void wakeReader() {
        while (running) {
            if (!storedSinceWake.getAndSet(false)) {
                LockSupport.park(this);
                continue;
            }
            super.afterCommit(List.of());
            long deadline = System.nanoTime() + paceNanos;
            for (long left = paceNanos; left > 0 && running; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(this, left);
            }
        }
    }
}
