package io.policyhub.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;

import io.policyhub.projections.admin.DeadLetters;
import io.policyhub.projections.support.EventByEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The parking policy of the projections: which failure is parked, retried as a batch, or requeued. */
class DeadLetteringPolicyTest {

    private final EventByEvent eventByEvent = new EventByEvent();
    private final EnqueuePolicy<EventMessage<?>> policy = DeadLettering.parkingPolicy(eventByEvent);
    private final EventMessage<?> event = GenericEventMessage.asEventMessage("payload");
    private final RuntimeException poison = new IllegalArgumentException("refused row");
    private UnitOfWork<?> batch;

    @AfterEach
    void endBatch() {
        if (batch != null && batch.isActive()) {
            batch.rollback();
        }
    }

    @Test
    void aFirstFailureRetriesTheBatchEventByEventWhereTheFailingEventIsParked() {
        startBatch("orders", 1);
        assertThatThrownBy(() -> policy.decide(new GenericDeadLetter<>("sequence", event), poison))
                .isInstanceOf(DeadLettering.BatchRetried.class).hasCause(poison);
        batch.rollback();

        startBatch("orders", 1);
        assertThat(eventByEvent.active()).isTrue();
        EnqueueDecision<EventMessage<?>> decision = policy.decide(new GenericDeadLetter<>("sequence", event), poison);

        assertThat(decision.shouldEnqueue()).isTrue();
        assertThat(decision.enqueueCause()).hasValueSatisfying(cause -> assertThat(cause).hasMessage("refused row"));
        assertThat(decision.withDiagnostics(new GenericDeadLetter<>("sequence", event)).diagnostics())
                .containsEntry(DeadLetters.ATTEMPTS, 1);
    }

    @Test
    void onlyTheFailedSegmentRunsEventByEventAndOnlyUntilABatchCommits() {
        startBatch("orders", 1);
        assertThatThrownBy(() -> policy.decide(new GenericDeadLetter<>("sequence", event), poison));
        batch.rollback();

        startBatch("orders", 0);
        assertThat(eventByEvent.active()).as("another segment").isFalse();
        batch.commit();
        startBatch("users", 1);
        assertThat(eventByEvent.active()).as("another processor").isFalse();
        batch.commit();

        startBatch("orders", 1);
        assertThat(eventByEvent.active()).isTrue();
        batch.commit();
        startBatch("orders", 1);
        assertThat(eventByEvent.active()).as("after a committed batch").isFalse();
    }

    @Test
    void anOutageIsRetriedNeverParked() {
        startBatch("orders", 1);
        eventByEvent.afterFailureOfCurrentBatch();
        batch.rollback();
        startBatch("orders", 1);
        assertThat(eventByEvent.active()).isTrue();

        SQLException outage = new SQLException("connection refused", "08001");
        assertThatThrownBy(() -> policy.decide(new GenericDeadLetter<>("sequence", event), outage))
                .isInstanceOf(DeadLettering.BatchRetried.class).hasCause(outage);
    }

    @Test
    void aRetriedLetterThatFailsAgainStaysParkedWithOneAttemptMore() {
        DeadLetter<EventMessage<?>> parked = new GenericDeadLetter<EventMessage<?>>("sequence", event)
                .withDiagnostics(MetaData.with(DeadLetters.ATTEMPTS, 2));

        EnqueueDecision<EventMessage<?>> decision = policy.decide(parked, poison);

        assertThat(decision.shouldEnqueue()).isTrue();
        assertThat(decision.withDiagnostics(parked).diagnostics()).containsEntry(DeadLetters.ATTEMPTS, 3);
    }

    /** A batch as a tracking processor starts it: a unit of work naming its processor and segment. */
    private void startBatch(String processor, int segment) {
        batch = DefaultUnitOfWork.startAndGet(event);
        batch.resources().put("Processor[" + processor + "]/SegmentId", segment);
    }
}
