package io.policyhub.projections.identity;

import java.time.Instant;
import java.util.UUID;

import io.policyhub.api.identity.DocumentAdded;
import io.policyhub.api.identity.DocumentRemoved;
import io.policyhub.api.identity.RelativeAdded;
import io.policyhub.api.identity.RelativeRemoved;
import io.policyhub.api.identity.UserErased;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code client_documents} and {@code client_relatives}. It runs in the users processor: each
 * change also moves the user's row to its sequence, which is what read-your-writes checks, and an
 * erasure deletes the file in the order the user's events were stored.
 */
@Component
@ProcessingGroup("users")
class ClientFileProjection {

    private final JdbcTemplate jdbc;

    ClientFileProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(DocumentAdded event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (applied(event.userId(), sequence)) {
            jdbc.update("""
                    insert into client_documents (document_id, user_id, type, number, issued_at, expires_at, added_at)
                    values (?, ?, ?, ?, ?, ?, ?) on conflict (document_id) do nothing""",
                    event.documentId(), event.userId(), event.type().name(), event.number(), event.issuedAt(), event.expiresAt(),
                    java.sql.Timestamp.from(at));
        }
    }

    @EventHandler
    void on(DocumentRemoved event, @SequenceNumber long sequence) {
        if (applied(event.userId(), sequence)) {
            jdbc.update("delete from client_documents where document_id = ? and user_id = ?", event.documentId(), event.userId());
        }
    }

    @EventHandler
    void on(RelativeAdded event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (applied(event.userId(), sequence)) {
            jdbc.update("""
                    insert into client_relatives (relative_id, user_id, relation, full_name, birth_date, license_number,
                                                  license_issued_at, added_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (relative_id) do nothing""",
                    event.relativeId(), event.userId(), event.relation().name(), event.fullName(), event.birthDate(),
                    event.licenseNumber(), event.licenseIssuedAt(), java.sql.Timestamp.from(at));
        }
    }

    @EventHandler
    void on(RelativeRemoved event, @SequenceNumber long sequence) {
        if (applied(event.userId(), sequence)) {
            jdbc.update("delete from client_relatives where relative_id = ? and user_id = ?", event.relativeId(), event.userId());
        }
    }

    /** {@link UserProjection} moves the user's row; this forgets the file. */
    @EventHandler
    void on(UserErased event) {
        jdbc.update("delete from client_documents where user_id = ?", event.userId());
        jdbc.update("delete from client_relatives where user_id = ?", event.userId());
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate client_documents, client_relatives");
    }

    /** Moves the user's row to this event; false when it was applied before (redelivery). */
    private boolean applied(UUID userId, long sequence) {
        return jdbc.update("update users set last_sequence = ? where user_id = ? and last_sequence < ?", sequence, userId, sequence) == 1;
    }
}
