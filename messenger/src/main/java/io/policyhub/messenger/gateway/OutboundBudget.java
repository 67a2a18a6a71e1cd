package io.policyhub.messenger.gateway;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The frames waiting in all of this instance's outboxes, in characters, against one limit. Each
 * outbox is bounded on its own, but ten thousand sockets that each fall a little behind (one chat's
 * burst reaches every socket of both members) can together hold more than the heap: past the
 * limit, the socket that would queue one more frame is closed as a slow consumer, and sockets that
 * keep up (nothing waiting) are never refused.
 */
final class OutboundBudget {

    private final long limitChars;
    private final AtomicLong queuedChars = new AtomicLong();

    OutboundBudget(long limitChars) {
        this.limitChars = limitChars;
    }

    /** @return whether the frame may wait; if so its characters count until {@link #release} */
    boolean reserve(String frame) {
        if (queuedChars.addAndGet(frame.length()) > limitChars) {
            queuedChars.addAndGet(-frame.length());
            return false;
        }
        return true;
    }

    /** Counts a frame that must wait whatever the budget (the last frame before a close). */
    void reserveAnyway(String frame) {
        queuedChars.addAndGet(frame.length());
    }

    void release(String frame) {
        queuedChars.addAndGet(-frame.length());
    }

    long queuedChars() {
        return queuedChars.get();
    }
}
