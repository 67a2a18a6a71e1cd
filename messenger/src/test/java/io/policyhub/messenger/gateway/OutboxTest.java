package io.policyhub.messenger.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

class OutboxTest {

    /** A socket whose sends complete only when the test says so. */
    private final List<String> sent = new ArrayList<>();
    private final List<Consumer<Throwable>> pending = new ArrayList<>();
    private final AtomicInteger overflows = new AtomicInteger();
    private final OutboundBudget budget = new OutboundBudget(1_000);
    private final Outbox outbox = outbox(budget);

    @Test
    void sendsOneFrameAtATimeInOrder() {
        assertThat(outbox.isIdle()).isTrue();
        outbox.offer("a");
        outbox.offer("b");
        outbox.offer("c");
        assertThat(sent).as("the next waits for the one in flight").containsExactly("a");
        assertThat(outbox.isIdle()).isFalse();
        complete();
        complete();
        assertThat(sent).containsExactly("a", "b", "c");
        complete();
        assertThat(outbox.isIdle()).isTrue();
        assertThat(overflows).hasValue(0);
    }

    @Test
    void aClientThatDoesNotReadOverflowsItOnceAndNothingMoreIsSent() {
        assertThat(outbox.offer("in flight")).isTrue();
        assertThat(outbox.offer("waiting 1")).isTrue();
        assertThat(outbox.offer("waiting 2")).isTrue();
        assertThat(outbox.offer("one too many")).isFalse();
        assertThat(outbox.offer("after")).isFalse();
        assertThat(overflows).as("reported once").hasValue(1);
        complete();
        assertThat(sent).as("the waiting frames are dropped with the connection").containsExactly("in flight");
        assertThat(outbox.isIdle()).as("closed: no ping either").isFalse();
    }

    @Test
    void aFailedSendClosesIt() {
        outbox.offer("a");
        outbox.offer("b");
        pending.remove(0).accept(new IllegalStateException("the socket closed"));
        assertThat(sent).containsExactly("a");
        assertThat(outbox.offer("c")).isFalse();
        assertThat(overflows).hasValue(0);
    }

    @Test
    void sendsThatCompleteAtOnceDrainTheQueue() {
        List<String> written = new ArrayList<>();
        Outbox immediate = new Outbox((frame, done) -> {
            written.add(frame);
            done.accept(null);
        }, 2, budget, overflows::incrementAndGet);
        for (int i = 0; i < 100; i++) {
            assertThat(immediate.offer("f" + i)).isTrue();
        }
        assertThat(written).hasSize(100).startsWith("f0", "f1").endsWith("f99");
        assertThat(immediate.isIdle()).isTrue();
    }

    @Test
    void socketsFallingBehindTogetherAreClosedAtTheInstancesBudgetAndWhatTheyHeldIsGivenBack() {
        OutboundBudget shared = new OutboundBudget(10);
        Outbox first = outbox(shared);
        Outbox second = outbox(shared);
        first.offer("in flight");
        second.offer("in flight");

        assertThat(first.offer("12345")).isTrue();
        assertThat(second.offer("12345")).isTrue();
        assertThat(shared.queuedChars()).isEqualTo(10);
        assertThat(second.offer("1")).as("within its own bound of 2, past the instance's").isFalse();
        assertThat(overflows).hasValue(1);
        assertThat(shared.queuedChars()).as("the closed outbox gave its frames back").isEqualTo(5);

        Outbox third = outbox(shared);
        third.offer("in flight");
        assertThat(third.offer("12345")).isTrue();
        complete(); // first's frame left: its waiting one is sent and no longer counts
        assertThat(shared.queuedChars()).isEqualTo(5);
        Outbox keepingUp = outbox(shared);
        assertThat(keepingUp.offer("a frame that waits for nothing")).as("nothing waits: not counted").isTrue();
    }

    @Test
    void theLastFrameBeforeACloseIsSentEvenPastTheBudgetAndGivenBack() {
        OutboundBudget full = new OutboundBudget(0);
        Outbox closing = outbox(full);
        closing.offer("in flight");
        AtomicInteger finished = new AtomicInteger();
        closing.finish("error", finished::incrementAndGet);
        assertThat(full.queuedChars()).isEqualTo(5);

        complete();
        complete();
        assertThat(sent).containsExactly("in flight", "error");
        assertThat(finished).hasValue(1);
        assertThat(full.queuedChars()).isZero();
    }

    private Outbox outbox(OutboundBudget shared) {
        return new Outbox((frame, done) -> {
            sent.add(frame);
            pending.add(done);
        }, 2, shared, overflows::incrementAndGet);
    }

    private void complete() {
        pending.remove(0).accept(null);
    }

    @Test
    void finishingSendsWhatWaitsThenTheLastFrameThenRunsWhatFollows() {
        AtomicInteger finished = new AtomicInteger();
        outbox.offer("a");
        outbox.offer("b");
        outbox.finish("last", finished::incrementAndGet);
        assertThat(outbox.offer("late")).as("nothing after the last frame").isFalse();
        pending.get(0).accept(null);
        pending.get(1).accept(null);
        assertThat(sent).containsExactly("a", "b", "last");
        assertThat(finished).hasValue(0);
        pending.get(2).accept(null);
        assertThat(finished).as("once the last frame left").hasValue(1);
    }

    @Test
    void finishingAClosedOutboxRunsWhatFollowsAtOnce() {
        AtomicInteger finished = new AtomicInteger();
        outbox.close();
        outbox.finish("last", finished::incrementAndGet);
        assertThat(sent).isEmpty();
        assertThat(finished).hasValue(1);
    }
}
