package io.policyhub.projections.insurance;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.policyhub.api.insurance.ApplicationCompleted;
import io.policyhub.api.insurance.ApplicationSubmitted;
import io.policyhub.api.insurance.PolicyIssued;
import io.policyhub.api.insurance.QuoteAccepted;
import io.policyhub.api.insurance.QuoteAttemptFailed;
import io.policyhub.api.insurance.QuoteFailed;
import io.policyhub.api.insurance.QuoteReceived;
import io.policyhub.platform.observability.RequestIdMessages;
import io.policyhub.platform.redis.RedisPubSub;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Progress of OSAGO applications per insurer, and the policies they issue. After every event it takes a snapshot of the
 * application as clients see it and, once the batch has committed, publishes the snapshots in order
 * on the Redis topic {@code application:<id>}: every insurer's answer reaches the WebSocket as a
 * frame of its own however events are batched (a batch holds more of them on Axon Server), and long
 * polls on every instance wake up. Nothing is published while replaying.
 */
@Component
@ProcessingGroup("insurance")
class ApplicationProjection {

    private static final String SNAPSHOTS = "policyhub.application-snapshots";

    private final JdbcTemplate jdbc;
    private final ApplicationReader reader;
    private final RedisPubSub topics;
    private final JsonMapper json;

    ApplicationProjection(JdbcTemplate jdbc, ApplicationReader reader, RedisPubSub topics, JsonMapper json) {
        this.jdbc = jdbc;
        this.reader = reader;
        this.topics = topics;
        this.json = json;
    }

    @EventHandler
    void on(ApplicationSubmitted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        int inserted = jdbc.update("""
                insert into insurance_applications (application_id, customer_id, status, submitted_at, updated_at, last_sequence)
                values (?, ?, 'IN_PROGRESS', ?, ?, ?) on conflict (application_id) do nothing""",
                event.applicationId(), event.customerId(), java.sql.Timestamp.from(at), java.sql.Timestamp.from(at), sequence);
        if (inserted == 1) {
            for (int position = 0; position < event.insurers().size(); position++) {
                jdbc.update("""
                        insert into insurance_quotes (application_id, insurer, position, status, attempts, updated_at)
                        values (?, ?, ?, 'PENDING', 0, ?)""",
                        event.applicationId(), event.insurers().get(position), position, java.sql.Timestamp.from(at));
            }
        }
        changed(event.applicationId());
    }

    @EventHandler
    void on(QuoteAttemptFailed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        quote(event.applicationId(), event.insurer(), "PENDING", null, event.attempt(), event.error(), sequence, at);
    }

    @EventHandler
    void on(QuoteReceived event, @SequenceNumber long sequence, @Timestamp Instant at) {
        quote(event.applicationId(), event.insurer(), "QUOTED", event.premium(), event.attempts(), null, sequence, at);
    }

    @EventHandler
    void on(QuoteFailed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        quote(event.applicationId(), event.insurer(), "FAILED", null, event.attempts(), event.error(), sequence, at);
    }

    @EventHandler
    void on(ApplicationCompleted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (touch(event.applicationId(), "COMPLETED", sequence, at)) {
            changed(event.applicationId());
        }
    }

    /** The order that pays it tells the rest; the row only records that it saw the event. */
    @EventHandler
    void on(QuoteAccepted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (touch(event.applicationId(), null, sequence, at)) {
            changed(event.applicationId());
        }
    }

    /** Its policy: the application changed (its watchers hear it) and the policy joins the holder's list. */
    @EventHandler
    void on(PolicyIssued event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.update("""
                insert into insurance_policies (policy_id, number, application_id, customer_id, insurer, premium, valid_from,
                                                valid_to, issued_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (policy_id) do nothing""",
                event.policyId(), event.number(), event.applicationId(), event.customerId(), event.insurer(), event.premium(),
                event.validFrom(), event.validTo(), java.sql.Timestamp.from(at));
        if (touch(event.applicationId(), null, sequence, at)) {
            changed(event.applicationId());
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate insurance_policies, insurance_quotes, insurance_applications");
    }

    private void quote(UUID applicationId, String insurer, String status, BigDecimal premium, int attempts, String error,
                       long sequence, Instant at) {
        if (touch(applicationId, null, sequence, at)) {
            jdbc.update("""
                    update insurance_quotes set status = ?, premium = ?, attempts = ?, error = ?, updated_at = ?
                    where application_id = ? and insurer = ?""",
                    status, premium, attempts, error, java.sql.Timestamp.from(at), applicationId, insurer);
            changed(applicationId);
        }
    }

    /**
     * Moves the application to this event; false when the event was applied before (redelivery,
     * replay). {@code updated_at} strictly increases with every change, even for events created in
     * the same instant, because clients long-poll with {@code since=updatedAt}.
     */
    private boolean touch(UUID applicationId, String status, long sequence, Instant at) {
        return jdbc.update("""
                update insurance_applications
                set status = coalesce(?, status), updated_at = greatest(?, updated_at + interval '1 microsecond'),
                    last_sequence = ?
                where application_id = ? and last_sequence < ?""",
                status, java.sql.Timestamp.from(at), sequence, applicationId, sequence) == 1;
    }

    /** Snapshots the application as this event left it; the batch publishes its snapshots in order once committed. */
    private void changed(UUID applicationId) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        if (ReplayToken.isReplay(unitOfWork.getMessage())) {
            return;
        }
        UnitOfWork<?> batch = unitOfWork.root();
        List<Snapshot> snapshots = batch.getOrComputeResource(SNAPSHOTS, key -> {
            List<Snapshot> taken = new ArrayList<>();
            batch.afterCommit(committed -> taken.forEach(
                    snapshot -> topics.publish(snapshot.topic(), snapshot.requestId(), snapshot.json())));
            return taken;
        });
        String requestId = RequestIdMessages.of(unitOfWork.getMessage());
        reader.find(applicationId).ifPresent(application -> snapshots.add(new Snapshot("application:" + applicationId,
                requestId, json.writeValueAsString(reader.view(application)))));
    }

    private record Snapshot(String topic, String requestId, String json) {
    }
}
