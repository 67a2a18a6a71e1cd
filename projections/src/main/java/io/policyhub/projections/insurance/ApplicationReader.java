package io.policyhub.projections.insurance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.insurance.ApplicationView;
import io.policyhub.api.insurance.PolicyView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

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
                (rs, row) -> quoteOf(rs), application.applicationId());
        return new ApplicationView(application.applicationId(), application.status(), quotes, application.updatedAt());
    }

    /** The customer's newest applications with every insurer's quote, newest first: two statements however many. */
    public List<ApplicationView> ofCustomer(UUID customerId, int limit) {
        List<Application> applications = jdbc.query("""
                        select application_id, customer_id, status, updated_at, last_sequence
                        from insurance_applications where customer_id = ? order by submitted_at desc, application_id limit ?""",
                (rs, row) -> new Application(rs.getObject("application_id", UUID.class), rs.getObject("customer_id", UUID.class),
                        rs.getString("status"), rs.getTimestamp("updated_at").toInstant(), rs.getLong("last_sequence")),
                customerId, limit);
        if (applications.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<ApplicationView.InsurerQuote>> quotes = new HashMap<>();
        jdbc.query("""
                        select application_id, insurer, status, premium, attempts, error, updated_at
                        from insurance_quotes where application_id = any(?) order by application_id, position""",
                (RowCallbackHandler) rs -> quotes.computeIfAbsent(
                        rs.getObject("application_id", UUID.class), id -> new ArrayList<>()).add(quoteOf(rs)),
                (Object) applications.stream().map(Application::applicationId).toArray(UUID[]::new));
        return applications.stream().map(application -> new ApplicationView(application.applicationId(), application.status(),
                quotes.getOrDefault(application.applicationId(), List.of()), application.updatedAt())).toList();
    }

    /** The customer's policies, newest first. */
    public List<PolicyView> policiesOf(UUID customerId) {
        return jdbc.query("""
                        select policy_id, number, application_id, insurer, premium, valid_from, valid_to, issued_at
                        from insurance_policies where customer_id = ? order by issued_at desc, policy_id""",
                (rs, row) -> new PolicyView(rs.getObject("policy_id", UUID.class), rs.getString("number"),
                        rs.getObject("application_id", UUID.class), rs.getString("insurer"), rs.getBigDecimal("premium"),
                        rs.getObject("valid_from", LocalDate.class), rs.getObject("valid_to", LocalDate.class),
                        rs.getTimestamp("issued_at").toInstant()),
                customerId);
    }

    private static ApplicationView.InsurerQuote quoteOf(ResultSet rs) throws SQLException {
        return new ApplicationView.InsurerQuote(rs.getString("insurer"), rs.getString("status"), rs.getBigDecimal("premium"),
                rs.getInt("attempts"), rs.getString("error"), rs.getTimestamp("updated_at").toInstant());
    }

    /** How many policies were issued, by anyone (the public live page's counter). */
    public long policiesIssued() {
        Long issued = jdbc.queryForObject("select count(*) from insurance_policies", Long.class);
        return issued == null ? 0 : issued;
    }

    /** The newest policies' insurers and issue times, nothing about their holders. */
    public List<IssuedPolicy> latestIssued(int limit) {
        return jdbc.query("select insurer, issued_at from insurance_policies order by issued_at desc limit ?",
                (rs, row) -> new IssuedPolicy(rs.getString("insurer"), rs.getTimestamp("issued_at").toInstant()), limit);
    }

    public record IssuedPolicy(String insurer, Instant issuedAt) {
    }
}
