package io.policyhub.app.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.policyhub.api.accounts.AccountDebitRefused;
import io.policyhub.api.accounts.AccountDebited;
import io.policyhub.api.accounts.AccountOpened;
import io.policyhub.api.accounts.AccountRefunded;
import io.policyhub.api.accounts.MoneyDeposited;
import io.policyhub.api.accounts.MoneyWithdrawn;
import io.policyhub.api.accounts.StatementEntry;
import io.policyhub.api.accounts.StatementEntry.Kind;
import org.junit.jupiter.api.Test;

/** The one mapping from account events to statement entries, shared by the read model and the event-store answer. */
class StatementEntryTest {

    private static final UUID ACCOUNT = UUID.randomUUID();
    private static final UUID ORDER = UUID.randomUUID();
    private static final Instant AT = Instant.parse("2026-11-30T10:15:30.123456789Z");

    @Test
    void moneyInIsPositiveMoneyOutNegativeEachWithTheBalanceItLeft() {
        assertThat(entry(new MoneyDeposited(ACCOUNT, new BigDecimal("100.00"), new BigDecimal("100.00"))))
                .isEqualTo(new StatementEntry("e", 3, Kind.DEPOSIT, new BigDecimal("100.00"), new BigDecimal("100.00"), null,
                        Instant.parse("2026-11-30T10:15:30.123456Z")));
        assertThat(entry(new MoneyWithdrawn(ACCOUNT, new BigDecimal("30.50"), new BigDecimal("69.50"))).amount())
                .isEqualByComparingTo("-30.50");
        StatementEntry debit = entry(new AccountDebited(ACCOUNT, ORDER, new BigDecimal("20.00"), new BigDecimal("49.50")));
        assertThat(debit.kind()).isEqualTo(Kind.ORDER_DEBIT);
        assertThat(debit.amount()).isEqualByComparingTo("-20.00");
        assertThat(debit.orderId()).isEqualTo(ORDER);
        StatementEntry refund = entry(new AccountRefunded(ACCOUNT, ORDER, new BigDecimal("20.00"), new BigDecimal("69.50")));
        assertThat(refund.kind()).isEqualTo(Kind.REFUND);
        assertThat(refund.amount()).isEqualByComparingTo("20.00");
        assertThat(refund.balanceAfter()).isEqualByComparingTo("69.50");
    }

    @Test
    void eventsThatMoveNoMoneyMakeNoEntry() {
        assertThat(StatementEntry.of("e", 0, new AccountOpened(ACCOUNT, UUID.randomUUID(), "RUB"), AT)).isEmpty();
        assertThat(StatementEntry.of("e", 4, new AccountDebitRefused(ACCOUNT, ORDER, BigDecimal.TEN, BigDecimal.ONE), AT)).isEmpty();
    }

    private static StatementEntry entry(Object event) {
        return StatementEntry.of("e", 3, event, AT).orElseThrow();
    }
}
