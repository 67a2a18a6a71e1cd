package io.policyhub.projections.accounts;

import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.accounts.AccountView;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the {@code account_balance} read model that {@link AccountBalanceProjection} writes: the one
 * home of its SQL next to the projection (loaded in every role that reads it, see {@code ReadModelReaders}).
 */
public class AccountBalanceReader {

    private final JdbcTemplate jdbc;

    public AccountBalanceReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The account as clients see it, and the last event the row applied (for read-your-writes). */
    public record Balance(AccountView view, long lastSequence) {
    }

    public Optional<Balance> find(UUID accountId) {
        return jdbc.query("""
                        select account_id, owner_id, balance, currency, last_sequence
                        from account_balance where account_id = ?""",
                (rs, row) -> new Balance(new AccountView(rs.getObject("account_id", UUID.class),
                        rs.getObject("owner_id", UUID.class), rs.getBigDecimal("balance"), rs.getString("currency")),
                        rs.getLong("last_sequence")),
                accountId).stream().findFirst();
    }
}
