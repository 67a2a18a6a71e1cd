package io.policyhub.messenger.gateway;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A session's outgoing frames. One asynchronous send is in flight at a time (so no thread waits on
 * a slow socket), and at most {@code capacity} frames wait behind it. A client that stops reading
 * lets them pile up: the frame that would exceed the bound, or the instance's {@link OutboundBudget},
 * closes the outbox and reports the client as a slow consumer, to be disconnected, instead of
 * buffering without end.
 */
final class Outbox {

    /** Sends one text frame without blocking and reports its outcome (null: sent). */
    interface Transport extends BiConsumer<String, Consumer<Throwable>> {
    }

    private final Transport transport;
    private final int capacity;
    private final OutboundBudget budget;
    private final Runnable onOverflow;
    private final Queue<String> waiting = new ArrayDeque<>();
    private boolean sending;
    private boolean closed;
    /** Set by {@link #finish}: what runs once the last frame left; no frame is taken meanwhile. */
    private Runnable finishing;
    private volatile long lastSentNanos = System.nanoTime();

    Outbox(Transport transport, int capacity, OutboundBudget budget, Runnable onOverflow) {
        this.transport = transport;
        this.capacity = capacity;
        this.budget = budget;
        this.onOverflow = onOverflow;
    }

    /** @return false when the frame is dropped: the outbox is closed or just overflowed */
    boolean offer(String frame) {
        boolean overflowed;
        synchronized (this) {
            if (closed || finishing != null) {
                return false;
            }
            if (!sending) {
                sending = true;
                overflowed = false;
            } else if (waiting.size() < capacity && budget.reserve(frame)) {
                waiting.add(frame);
                return true;
            } else {
                closed = true;
                dropWaiting();
                overflowed = true;
            }
        }
        if (overflowed) {
            onOverflow.run();
            return false;
        }
        transmit(frame);
        return true;
    }

    /** Whether nothing is being sent: a ping now cannot wait behind a stuck frame. */
    synchronized boolean isIdle() {
        return !sending && !closed;
    }

    /** When a frame last left: a client whose frames keep leaving is reading them. */
    long lastSentNanos() {
        return lastSentNanos;
    }

    /**
     * Sends what waits and then {@code lastFrame}, takes no frame after it, and runs {@code then} once
     * it left or could not be sent (an error frame before closing the socket, say).
     */
    void finish(String lastFrame, Runnable then) {
        boolean sendNow = false;
        boolean closedAlready = false;
        synchronized (this) {
            if (closed || finishing != null) {
                closedAlready = closed;
            } else {
                finishing = then;
                if (sending) {
                    budget.reserveAnyway(lastFrame);
                    waiting.add(lastFrame);
                } else {
                    sending = true;
                    sendNow = true;
                }
            }
        }
        if (closedAlready) {
            then.run();
        } else if (sendNow) {
            transmit(lastFrame);
        }
    }

    synchronized void close() {
        closed = true;
        dropWaiting();
    }

    private void dropWaiting() {
        waiting.forEach(budget::release);
        waiting.clear();
    }

    private void transmit(String frame) {
        transport.accept(frame, failure -> {
            if (failure != null) {
                close(); // the container closes the session; nothing more can be sent on it
            } else {
                lastSentNanos = System.nanoTime();
            }
            String next;
            Runnable finished = null;
            synchronized (this) {
                next = closed ? null : waiting.poll();
                if (next != null) {
                    budget.release(next);
                }
                sending = next != null;
                if (next == null && finishing != null) {
                    finished = finishing;
                    finishing = null;
                    closed = true;
                }
            }
            if (next != null) {
                transmit(next);
            } else if (finished != null) {
                finished.run();
            }
        });
    }
}
