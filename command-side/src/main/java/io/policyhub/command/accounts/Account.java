package io.policyhub.command.accounts;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.policyhub.api.accounts.AccountBalance;
import io.policyhub.api.accounts.AccountDebitRefused;
import io.policyhub.api.accounts.AccountDebited;
import io.policyhub.api.accounts.AccountOpened;
import io.policyhub.api.accounts.AccountRefunded;
import io.policyhub.api.accounts.DebitAccount;
import io.policyhub.api.accounts.DepositMoney;
import io.policyhub.api.accounts.Money;
import io.policyhub.api.accounts.MoneyDeposited;
import io.policyhub.api.accounts.MoneyWithdrawn;
import io.policyhub.api.accounts.OpenAccount;
import io.policyhub.api.accounts.RefundAccount;
import io.policyhub.api.accounts.WithdrawMoney;
import io.policyhub.api.common.AggregateTypes;
import io.policyhub.api.common.Rejection;
import io.policyhub.command.common.CommandRejectedException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A customer's billing account: the balance never goes below zero. Snapshots store its fields. */
@Aggregate(type = AggregateTypes.ACCOUNT, cache = "accountAggregateCache", snapshotTriggerDefinition = "accountSnapshotTrigger", filterEventsByType = true)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Account {

    @AggregateIdentifier
    private UUID accountId;
    private BigDecimal balance;
    /** What each order was debited, to keep debits and refunds idempotent per order. */
    private Map<UUID, BigDecimal> orderDebits = new HashMap<>();
    private Set<UUID> refundedOrders = new HashSet<>();
    /**
     * Deposits and withdrawals made with an Idempotency-Key, oldest first, by operation and key: a
     * retried request finds its first answer here. Kept for {@link #KEYS_KEPT}, counted in event time
     * so that every instance that loads the account remembers the same keys.
     */
    private LinkedHashMap<String, KeyedMovement> keyedMovements = new LinkedHashMap<>();

    static final Duration KEYS_KEPT = Duration.ofHours(48);

    record KeyedMovement(BigDecimal amount, BigDecimal balance, long atEpochMilli) {
    }

    protected Account() {
        // for event sourcing
    }

    @CommandHandler
    public Account(OpenAccount command) {
        apply(new AccountOpened(command.accountId(), command.ownerId(), Money.CURRENCY));
    }

    @CommandHandler
    public AccountBalance handle(DepositMoney command) {
        BigDecimal amount = validAmount(command.amount());
        KeyedMovement earlier = earlier(DEPOSIT, command.idempotencyKey(), amount);
        if (earlier != null) {
            return new AccountBalance(accountId, earlier.balance());
        }
        BigDecimal newBalance = balance.add(amount);
        if (newBalance.compareTo(Money.MAX) > 0) {
            throw new CommandRejectedException(Rejection.conflict("balance-limit",
                    "A balance cannot exceed " + Money.MAX + "; this deposit would make it " + newBalance));
        }
        apply(new MoneyDeposited(accountId, amount, newBalance, command.idempotencyKey()));
        return new AccountBalance(accountId, newBalance);
    }

    @CommandHandler
    public AccountBalance handle(WithdrawMoney command) {
        BigDecimal amount = validAmount(command.amount());
        KeyedMovement earlier = earlier(WITHDRAWAL, command.idempotencyKey(), amount);
        if (earlier != null) {
            return new AccountBalance(accountId, earlier.balance());
        }
        if (amount.compareTo(balance) > 0) {
            throw new CommandRejectedException(Rejection.conflict("insufficient-funds",
                    "The balance " + balance + " does not cover " + amount));
        }
        BigDecimal newBalance = balance.subtract(amount);
        apply(new MoneyWithdrawn(accountId, amount, newBalance, command.idempotencyKey()));
        return new AccountBalance(accountId, newBalance);
    }

    /** Pays for an order: debited when the balance covers it, refused (as an event) otherwise. */
    @CommandHandler
    public void handle(DebitAccount command) {
        if (orderDebits.containsKey(command.orderId())) {
            return;
        }
        BigDecimal amount = validAmount(command.amount());
        if (amount.compareTo(balance) > 0) {
            apply(new AccountDebitRefused(accountId, command.orderId(), amount, balance));
        } else {
            apply(new AccountDebited(accountId, command.orderId(), amount, balance.subtract(amount)));
        }
    }

    @CommandHandler
    public void handle(RefundAccount command) {
        BigDecimal debited = orderDebits.get(command.orderId());
        if (debited == null || refundedOrders.contains(command.orderId())) {
            return;
        }
        apply(new AccountRefunded(accountId, command.orderId(), debited, balance.add(debited)));
    }

    private static final String DEPOSIT = "deposit:";
    private static final String WITHDRAWAL = "withdrawal:";

    /** The movement made earlier with this key, if any; the same key with another amount is refused. */
    private KeyedMovement earlier(String operation, String idempotencyKey, BigDecimal amount) {
        if (idempotencyKey == null) {
            return null;
        }
        KeyedMovement earlier = keyedMovements.get(operation + idempotencyKey);
        if (earlier != null && earlier.amount().compareTo(amount) != 0) {
            throw new CommandRejectedException(Rejection.keyReused("The Idempotency-Key was already used for a "
                    + operation.substring(0, operation.length() - 1) + " of " + earlier.amount()));
        }
        return earlier;
    }

    private void remember(String operation, String idempotencyKey, BigDecimal amount, BigDecimal balanceAfter, Instant at) {
        long oldestKept = at.minus(KEYS_KEPT).toEpochMilli();
        for (Iterator<KeyedMovement> oldest = keyedMovements.values().iterator(); oldest.hasNext(); ) {
            if (oldest.next().atEpochMilli() >= oldestKept) {
                break;
            }
            oldest.remove();
        }
        if (idempotencyKey != null) {
            keyedMovements.put(operation + idempotencyKey, new KeyedMovement(amount, balanceAfter, at.toEpochMilli()));
        }
    }

    private static BigDecimal validAmount(BigDecimal amount) {
        if (!Money.isValidAmount(amount)) {
            throw new CommandRejectedException(Rejection.invalid("invalid-amount",
                    "The amount must be greater than zero, at most " + Money.MAX + ", with at most two decimals"));
        }
        return Money.normalize(amount);
    }

    @EventSourcingHandler
    void on(AccountOpened event) {
        accountId = event.accountId();
        balance = Money.normalize(BigDecimal.ZERO);
    }

    @EventSourcingHandler
    void on(MoneyDeposited event, @Timestamp Instant at) {
        balance = event.balance();
        remember(DEPOSIT, event.idempotencyKey(), event.amount(), event.balance(), at);
    }

    @EventSourcingHandler
    void on(MoneyWithdrawn event, @Timestamp Instant at) {
        balance = event.balance();
        remember(WITHDRAWAL, event.idempotencyKey(), event.amount(), event.balance(), at);
    }

    @EventSourcingHandler
    void on(AccountDebited event) {
        balance = event.balance();
        orderDebits.put(event.orderId(), event.amount());
    }

    @EventSourcingHandler
    void on(AccountRefunded event) {
        balance = event.balance();
        refundedOrders.add(event.orderId());
    }
}
