package io.policyhub.projections.insurance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.insurance.ApplicationView;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the OSAGO application read model that {@link ApplicationProjection} writes: the one home
 * of its SQL. The projection takes a snapshot after every event with it, the query role answers
 * application queries with it (it loads in both roles, see {@code ReadModelReaders}).
 */
public class ApplicationReader {

    private final JdbcTemplate jdbc;

    public ApplicationReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The application's row: who owns it, how far it is, the last event it applied. */
    public record Application(UUID applicationId, UUID customerId, String status, Instant updatedAt, long lastSequence) {
    }

    public Optional<Application> find(UUID applicationId) {
        return jdbc.query("""
                        select application_id, customer_id, status, updated_at, last_sequence
                        from insurance_applications where application_id = ?""",
                (rs, row) -> new Application(rs.getObject("application_id", UUID.class), rs.getObject("customer_id", UUID.class),
                        rs.getString("status"), rs.getTimestamp("updated_at").toInstant(), rs.getLong("last_sequence")),
                applicationId).stream().findFirst();
    }

    /** The application with every insurer's quote, as clients see it. */
    public ApplicationView view(Application application) {
        List<ApplicationView.InsurerQuote> quotes = jdbc.query("""
                        select insurer, status, premium, attempts, error, updated_at
                        from insurance_quotes where application_id = ? order by position""",
                (rs, row) -> new ApplicationView.InsurerQuote(rs.getString("insurer"), rs.getString("status"),
                        rs.getBigDecimal("premium"), rs.getInt("attempts"), rs.getString("error"),
                        rs.getTimestamp("updated_at").toInstant()),
                application.applicationId());
        return new ApplicationView(application.applicationId(), application.status(), quotes, application.updatedAt());
    }
}
