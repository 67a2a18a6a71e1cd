package io.policyhub.projections.accounts;

import java.time.Instant;
import java.util.UUID;

import io.policyhub.api.accounts.AccountDebited;
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
 * Keeps {@code account_statement}: a row per movement of money. It runs in the {@code accounts}
 * processor (a processor of its own cost a third of the deposit rate, bench/README.md), so its rows
 * commit with the balances, a replay of accounts rebuilds both, and the balance row's
 * {@code last_sequence} is the last event it applied. It vouches only for accounts seen from their
 * opening ({@code account_balance.statement_complete}, set by {@link AccountBalanceProjection}): an
 * account opened before the statements existed is answered from the event store until a replay of
 * accounts.
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
    void on(AccountRefunded event, EventMessage<?> message, @SequenceNumber long sequence, @Timestamp Instant at) {
        record(event.accountId(), message, sequence, at);
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate account_statement");
    }

    private void record(UUID accountId, EventMessage<?> message, long sequence, Instant at) {
        StatementEntry.of(message.getIdentifier(), sequence, message.getPayload(), at).ifPresent(entry -> writes.update("""
                insert into account_statement (account_id, sequence, entry_id, kind, amount, balance_after, order_id, occurred_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (account_id, sequence) do nothing""",
                accountId, entry.sequence(), entry.entryId(), entry.kind().name(), entry.amount(),
                entry.balanceAfter(), entry.orderId(), java.sql.Timestamp.from(entry.occurredAt())));
    }
}
