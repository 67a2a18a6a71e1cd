package io.policyhub.platform.security.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

class SessionChecksTest {

    private final Set<UUID> open = ConcurrentHashMap.newKeySet();
    private final List<Set<UUID>> queries = new CopyOnWriteArrayList<>();

    @Test
    void checksThatArriveWhileAQueryRunsShareTheNextOne() throws Exception {
        CountDownLatch firstQueryRunning = new CountDownLatch(1);
        CountDownLatch releaseFirstQuery = new CountDownLatch(1);
        try (SessionChecks checks = new SessionChecks(ids -> {
            queries.add(Set.copyOf(ids));
            if (queries.size() == 1) {
                firstQueryRunning.countDown();
                await(releaseFirstQuery);
            }
            return openOf(ids);
        })) {
            UUID first = opened();
            CompletableFuture<Boolean> firstAnswer = CompletableFuture.supplyAsync(() -> checks.isOpen(first));
            assertThat(firstQueryRunning.await(5, TimeUnit.SECONDS)).isTrue();

            List<UUID> sessions = new ArrayList<>();
            List<CompletableFuture<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                UUID session = i % 2 == 0 ? opened() : UUID.randomUUID();
                sessions.add(session);
                answers.add(CompletableFuture.supplyAsync(() -> checks.isOpen(session)));
            }
            Thread.sleep(200); // the ten are waiting behind the first query
            releaseFirstQuery.countDown();

            assertThat(firstAnswer.get(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 10; i++) {
                assertThat(answers.get(i).get(5, TimeUnit.SECONDS)).as("session %d", i).isEqualTo(i % 2 == 0);
            }
            assertThat(queries).hasSize(2);
            assertThat(queries.get(1)).containsExactlyInAnyOrderElementsOf(sessions);
        }
    }

    @Test
    void aCheckAskedAfterTheSessionEndedIsRefused() {
        try (SessionChecks checks = new SessionChecks(this::openOf)) {
            UUID session = opened();
            assertThat(checks.isOpen(session)).isTrue();

            open.remove(session);

            assertThat(checks.isOpen(session)).isFalse();
        }
    }

    @Test
    void aFailedQueryFailsItsChecksWithItsOwnExceptionAndTheNextCheckAsksAgain() {
        RuntimeException away = new DataAccessResourceFailureException("PostgreSQL is away");
        try (SessionChecks checks = new SessionChecks(ids -> {
            if (queries.add(Set.copyOf(ids)) && queries.size() == 1) {
                throw away;
            }
            return openOf(ids);
        })) {
            UUID session = opened();

            assertThatThrownBy(() -> checks.isOpen(session)).isSameAs(away);
            assertThat(checks.isOpen(session)).isTrue();
        }
    }

    @Test
    void aStoppedCheckerRefusesToAnswer() {
        SessionChecks checks = new SessionChecks(this::openOf);
        checks.close();

        assertThatThrownBy(() -> checks.isOpen(opened())).isInstanceOf(IllegalStateException.class);
    }

    private UUID opened() {
        UUID session = UUID.randomUUID();
        open.add(session);
        return session;
    }

    private Set<UUID> openOf(Collection<UUID> ids) {
        return Set.copyOf(ids.stream().filter(open::contains).toList());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
