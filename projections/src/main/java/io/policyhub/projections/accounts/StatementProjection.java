package io.policyhub.projections.accounts;

import java.time.Instant;
import java.util.UUID;

import io.policyhub.api.accounts.AccountDebitRefused;
import io.policyhub.api.accounts.AccountDebited;
import io.policyhub.api.accounts.AccountOpened;
import io.policyhub.api.accounts.AccountRefunded;
import io.policyhub.api.accounts.MoneyDeposited;
import io.policyhub.api.accounts.MoneyWithdrawn;
import io.policyhub.api.accounts.StatementEntry;
import io.policyhub.projections.support.BatchedWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code account_statement}: a row per movement of money, and per account the last event it
 * applied. It runs in the {@code accounts} processor (a processor of its own cost a third of the
 * deposit rate, bench/README.md), so its rows commit with the balances and a replay of accounts
 * rebuilds both. It vouches only for accounts it has seen from their opening: an account opened
 * before the statements existed has no applied row, so its statement is answered from the event
 * store until a replay of accounts.
 */
@Component
@ProcessingGroup("accounts")
class StatementProjection {

    private final JdbcTemplate jdbc;
    private final BatchedWrites writes;

    StatementProjection(JdbcTemplate jdbc, BatchedWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    /** Where an account's statement starts: only from here on does the read model answer for it. */
    @EventHandler
    void on(AccountOpened event, @SequenceNumber long sequence) {
        writes.update("""
                insert into account_statement_applied (account_id, last_sequence) values (?, ?)
                on conflict (account_id) do nothing""", event.accountId(), sequence);
    }

    @EventHandler
    void on(MoneyDeposited event, EventMessage<?> message, @SequenceNumber long sequence, @Timestamp Instant at) {
        record(event.accountId(), message, sequence, at);
    }

    @EventHandler
    void on(MoneyWithdrawn event, EventMessage<?> message, @SequenceNumber long sequence, @Timestamp Instant at) {
        record(event.accountId(), message, sequence, at);
    }

    @EventHandler
    void on(AccountDebited event, EventMessage<?> message, @SequenceNumber long sequence, @Timestamp Instant at) {
        record(event.accountId(), message, sequence, at);
    }

    @EventHandler
    void on(AccountDebitRefused event, @SequenceNumber long sequence) {
        applied(event.accountId(), sequence);
    }

    @EventHandler
    void on(AccountRefunded event, EventMessage<?> message, @SequenceNumber long sequence, @Timestamp Instant at) {
        record(event.accountId(), message, sequence, at);
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate account_statement, account_statement_applied");
    }

    private void record(UUID accountId, EventMessage<?> message, long sequence, Instant at) {
        StatementEntry.of(message.getIdentifier(), sequence, message.getPayload(), at).ifPresent(entry -> writes.update("""
                insert into account_statement (account_id, sequence, entry_id, kind, amount, balance_after, order_id, occurred_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (account_id, sequence) do nothing""",
                accountId, entry.sequence(), entry.entryId(), entry.kind().name(), entry.amount(),
                entry.balanceAfter(), entry.orderId(), java.sql.Timestamp.from(entry.occurredAt())));
        applied(accountId, sequence);
    }

    private void applied(UUID accountId, long sequence) {
        writes.update("update account_statement_applied set last_sequence = ? where account_id = ? and last_sequence < ?",
                sequence, accountId, sequence);
    }
}
