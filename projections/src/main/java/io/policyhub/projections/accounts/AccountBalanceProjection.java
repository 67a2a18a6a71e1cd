package io.policyhub.projections.accounts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.policyhub.api.accounts.AccountDebitRefused;
import io.policyhub.api.accounts.AccountDebited;
import io.policyhub.api.accounts.AccountOpened;
import io.policyhub.api.accounts.AccountRefunded;
import io.policyhub.api.accounts.MoneyDeposited;
import io.policyhub.api.accounts.MoneyWithdrawn;
import io.policyhub.projections.support.BatchedWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code account_balance} in step with the account events, in JDBC batches; safe to replay and to
 * redeliver. The row's {@code last_sequence} is the last event of the account the {@code accounts}
 * processor applied, so {@link StatementProjection}, in the same batch, reads its own progress from it.
 */
@Component
@ProcessingGroup("accounts")
public class AccountBalanceProjection {

    private final JdbcTemplate jdbc;
    private final BatchedWrites writes;

    public AccountBalanceProjection(JdbcTemplate jdbc, BatchedWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    /** Seen from its opening, the account's statement is complete from here on (decision 35). */
    @EventHandler
    void on(AccountOpened event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writes.update("""
                insert into account_balance (account_id, owner_id, balance, currency, last_sequence, updated_at, statement_complete)
                values (?, ?, 0, ?, ?, ?, true)
                on conflict (account_id) do nothing""",
                event.accountId(), event.ownerId(), event.currency(), sequence, java.sql.Timestamp.from(at));
    }

    @EventHandler
    void on(MoneyDeposited event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyBalance(event.accountId(), event.balance(), sequence, at);
    }

    @EventHandler
    void on(MoneyWithdrawn event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyBalance(event.accountId(), event.balance(), sequence, at);
    }

    @EventHandler
    void on(AccountDebited event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyBalance(event.accountId(), event.balance(), sequence, at);
    }

    /** Changes no money, but the row must still record that it saw the event (read-your-writes). */
    @EventHandler
    void on(AccountDebitRefused event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyBalance(event.accountId(), event.balance(), sequence, at);
    }

    @EventHandler
    void on(AccountRefunded event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyBalance(event.accountId(), event.balance(), sequence, at);
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate account_balance");
    }

    private void applyBalance(UUID accountId, BigDecimal balance, long sequence, Instant at) {
        writes.update("""
                update account_balance set balance = ?, last_sequence = ?, updated_at = ?
                where account_id = ? and last_sequence < ?""",
                balance, sequence, java.sql.Timestamp.from(at), accountId, sequence);
    }
}
