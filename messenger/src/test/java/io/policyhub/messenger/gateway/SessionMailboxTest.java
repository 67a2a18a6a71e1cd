package io.policyhub.messenger.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionMailboxTest {

    private final ExecutorService workers = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    @Test
    void manySessionsShareFewThreadsAndEachRunsItsTasksOneAtATimeInOrder() throws InterruptedException {
        int sessions = 1_000;
        int tasksEach = 50;
        List<List<Integer>> order = new ArrayList<>();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(sessions * tasksEach);
        List<SessionMailbox> mailboxes = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            order.add(Collections.synchronizedList(new ArrayList<>()));
            mailboxes.add(new SessionMailbox(workers, tasksEach));
        }
        ExecutorService producers = Executors.newFixedThreadPool(4);
        for (int s = 0; s < sessions; s++) {
            int session = s;
            AtomicInteger running = new AtomicInteger();
            producers.execute(() -> {
                for (int t = 0; t < tasksEach; t++) {
                    int task = t;
                    assertThat(mailboxes.get(session).offer(() -> {
                        if (running.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        order.get(session).add(task);
                        running.decrementAndGet();
                        done.countDown();
                    })).isTrue();
                }
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        producers.shutdown();
        assertThat(overlaps).as("never two tasks of one session at once").hasValue(0);
        for (List<Integer> session : order) {
            assertThat(session).as("in the order offered").isSorted().hasSize(tasksEach);
        }
    }

    @Test
    void aFullMailboxRefusesInsteadOfGrowing() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        SessionMailbox mailbox = new SessionMailbox(workers, 3);
        assertThat(mailbox.offer(() -> {
            started.countDown();
            await(release);
        })).isTrue();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicInteger ran = new AtomicInteger();
        assertThat(mailbox.offer(ran::incrementAndGet)).isTrue();
        assertThat(mailbox.offer(ran::incrementAndGet)).isTrue();
        assertThat(mailbox.offer(ran::incrementAndGet)).isTrue();
        assertThat(mailbox.offer(ran::incrementAndGet)).as("three waiting: full").isFalse();
        release.countDown();
        CountDownLatch drained = new CountDownLatch(1);
        assertThat(awaitOffer(mailbox, drained::countDown)).isTrue();
        assertThat(drained.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasValue(3);
    }

    @Test
    void aFailingTaskDoesNotStopTheSession() throws InterruptedException {
        SessionMailbox mailbox = new SessionMailbox(workers, 10);
        CountDownLatch after = new CountDownLatch(1);
        mailbox.offer(() -> {
            throw new IllegalStateException("a bug in one frame");
        });
        mailbox.offer(after::countDown);
        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private static boolean awaitOffer(SessionMailbox mailbox, Runnable task) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (mailbox.offer(task)) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
