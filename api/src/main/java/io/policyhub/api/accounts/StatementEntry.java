package io.policyhub.api.accounts;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * One movement of money on an account, with the balance it left. {@code entryId} is the identifier
 * of the event that moved the money; {@code sequence} its place in the account's stream, which
 * orders the statement and pages it.
 */
public record StatementEntry(String entryId, long sequence, Kind kind, BigDecimal amount, BigDecimal balanceAfter,
                             UUID orderId, Instant occurredAt) {

    public enum Kind { DEPOSIT, WITHDRAWAL, ORDER_DEBIT, REFUND }

    /**
     * The entry an account event makes, empty for events that move no money. The one mapping that
     * the statement read model and the answer from the event store share, so both give the same
     * entries; times at the read model's precision (microseconds).
     */
    public static Optional<StatementEntry> of(String eventId, long sequence, Object event, Instant at) {
        Instant occurredAt = at.truncatedTo(ChronoUnit.MICROS);
        if (event instanceof MoneyDeposited deposit) {
            return Optional.of(new StatementEntry(eventId, sequence, Kind.DEPOSIT, deposit.amount(), deposit.balance(), null, occurredAt));
        }
        if (event instanceof MoneyWithdrawn withdrawal) {
            return Optional.of(new StatementEntry(eventId, sequence, Kind.WITHDRAWAL, withdrawal.amount().negate(),
                    withdrawal.balance(), null, occurredAt));
        }
        if (event instanceof AccountDebited debit) {
            return Optional.of(new StatementEntry(eventId, sequence, Kind.ORDER_DEBIT, debit.amount().negate(), debit.balance(),
                    debit.orderId(), occurredAt));
        }
        if (event instanceof AccountRefunded refund) {
            return Optional.of(new StatementEntry(eventId, sequence, Kind.REFUND, refund.amount(), refund.balance(),
                    refund.orderId(), occurredAt));
        }
        return Optional.empty();
    }
}
