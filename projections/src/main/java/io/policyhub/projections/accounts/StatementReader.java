package io.policyhub.projections.accounts;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.accounts.StatementEntry;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the {@code account_statement} read model that {@link StatementProjection} writes. Every read
 * is bounded by {@code asOf} (an instant) and {@code upTo} (the last sequence the caller knows the read
 * model applied), so a page never shows a movement newer than the balance it is answered with.
 */
public class StatementReader {

    private final JdbcTemplate jdbc;

    public StatementReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The last event of the account that the statement applied; empty before its opening, and for an
     * account whose movements the statement does not all have.
     */
    public Optional<Long> applied(UUID accountId) {
        return jdbc.query("select last_sequence from account_balance where account_id = ? and statement_complete",
                (rs, row) -> rs.getLong("last_sequence"), accountId).stream().findFirst();
    }

    /** The balance the newest movement at or before {@code asOf} left; zero before the first one. */
    public BigDecimal balance(UUID accountId, Instant asOf, long upTo) {
        return jdbc.query("""
                        select balance_after from account_statement
                        where account_id = ? and occurred_at <= ? and sequence <= ?
                        order by sequence desc limit 1""",
                (rs, row) -> rs.getBigDecimal("balance_after"), accountId, Timestamp.from(asOf), upTo)
                .stream().findFirst().orElse(BigDecimal.ZERO.setScale(2));
    }

    /** Movements at or before {@code asOf}, newest first, below sequence {@code before}. */
    public List<StatementEntry> entries(UUID accountId, Instant asOf, long upTo, long before, int limit) {
        return jdbc.query("""
                        select entry_id, sequence, kind, amount, balance_after, order_id, occurred_at
                        from account_statement
                        where account_id = ? and occurred_at <= ? and sequence <= ? and sequence < ?
                        order by sequence desc limit ?""",
                (rs, row) -> new StatementEntry(rs.getString("entry_id"), rs.getLong("sequence"),
                        StatementEntry.Kind.valueOf(rs.getString("kind")), rs.getBigDecimal("amount"),
                        rs.getBigDecimal("balance_after"), rs.getObject("order_id", UUID.class),
                        rs.getTimestamp("occurred_at").toInstant()),
                accountId, Timestamp.from(asOf), upTo, before, limit);
    }
}
