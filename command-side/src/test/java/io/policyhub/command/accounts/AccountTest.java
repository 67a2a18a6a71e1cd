package io.policyhub.command.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

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
import io.policyhub.api.common.Rejection;
import io.policyhub.command.common.CommandRejectedException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountTest {

    private final UUID accountId = UUID.randomUUID();
    private final UUID ownerId = UUID.randomUUID();
    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
    }

    @Test
    void opensAnAccountInRoublesWithZeroBalance() {
        fixture.givenNoPriorActivity()
                .when(new OpenAccount(accountId, ownerId))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccountOpened(accountId, ownerId, "RUB"));
    }

    @Test
    void depositRaisesTheBalanceAndAnswersWithIt() {
        fixture.given(opened(), new MoneyDeposited(accountId, money("10.00"), money("10.00")))
                .when(new DepositMoney(accountId, new BigDecimal("5.5")))
                .expectEvents(new MoneyDeposited(accountId, money("5.50"), money("15.50")))
                .expectResultMessagePayload(new AccountBalance(accountId, money("15.50")));
    }

    @Test
    void withdrawalLowersTheBalance() {
        fixture.given(opened(), new MoneyDeposited(accountId, money("100.00"), money("100.00")))
                .when(new WithdrawMoney(accountId, money("40.25")))
                .expectEvents(new MoneyWithdrawn(accountId, money("40.25"), money("59.75")))
                .expectResultMessagePayload(new AccountBalance(accountId, money("59.75")));
    }

    @Test
    void withdrawingTheWholeBalanceIsAllowed() {
        fixture.given(opened(), new MoneyDeposited(accountId, money("20.00"), money("20.00")))
                .when(new WithdrawMoney(accountId, money("20")))
                .expectEvents(new MoneyWithdrawn(accountId, money("20.00"), money("0.00")));
    }

    @Test
    void withdrawingMoreThanTheBalanceIsRejectedWithoutEvents() {
        fixture.given(opened(), new MoneyDeposited(accountId, money("20.00"), money("20.00")))
                .when(new WithdrawMoney(accountId, money("20.01")))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionDetails(Rejection.conflict("insufficient-funds",
                        "The balance 20.00 does not cover 20.01"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "0.001", "10.999", "100000000000.00", "1E+2147483647", "1E-2147483647"})
    void depositsOfInvalidAmountsAreRejected(String amount) {
        fixture.given(opened())
                .when(new DepositMoney(accountId, new BigDecimal(amount)))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionDetails(invalidAmount());
    }

    @Test
    void aBalanceAboveTheMaximumIsRefused() {
        fixture.given(opened(), new MoneyDeposited(accountId, Money.MAX, Money.MAX))
                .when(new DepositMoney(accountId, new BigDecimal("0.01")))
                .expectNoEvents()
                .expectExceptionDetails(Rejection.conflict("balance-limit",
                        "A balance cannot exceed " + Money.MAX + "; this deposit would make it 100000000000.00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5.00", "1.234"})
    void withdrawalsOfInvalidAmountsAreRejected(String amount) {
        fixture.given(opened(), new MoneyDeposited(accountId, money("100.00"), money("100.00")))
                .when(new WithdrawMoney(accountId, new BigDecimal(amount)))
                .expectNoEvents()
                .expectExceptionDetails(invalidAmount());
    }

    @Test
    void missingAmountIsRejected() {
        fixture.given(opened())
                .when(new DepositMoney(accountId, null))
                .expectNoEvents()
                .expectExceptionDetails(invalidAmount());
    }

    @Test
    void balanceFollowsEveryEventWhenSourced() {
        fixture.given(opened(),
                        new MoneyDeposited(accountId, money("10.00"), money("10.00")),
                        new MoneyWithdrawn(accountId, money("3.00"), money("7.00")))
                .when(new WithdrawMoney(accountId, money("7.01")))
                .expectNoEvents()
                .expectExceptionDetails(Rejection.conflict("insufficient-funds",
                        "The balance 7.00 does not cover 7.01"));
    }

    @Test
    void commandsForAnAccountThatWasNeverOpenedFail() {
        fixture.givenNoPriorActivity()
                .when(new DepositMoney(accountId, money("1.00")))
                .expectNoEvents()
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void moneyRulesAcceptOnlyPositiveAmountsWithTwoDecimals() {
        assertThat(Money.isValidAmount(new BigDecimal("100"))).isTrue();
        assertThat(Money.isValidAmount(new BigDecimal("0.01"))).isTrue();
        assertThat(Money.isValidAmount(new BigDecimal("1.10"))).isTrue();
        assertThat(Money.isValidAmount(new BigDecimal("1.100"))).isTrue();
        assertThat(Money.isValidAmount(new BigDecimal("1.101"))).isFalse();
        assertThat(Money.isValidAmount(BigDecimal.ZERO)).isFalse();
    }

    @Test
    void anOrderIsDebitedWhenTheBalanceCoversIt() {
        UUID orderId = UUID.randomUUID();
        fixture.given(opened(), new MoneyDeposited(accountId, money("100.00"), money("100.00")))
                .when(new DebitAccount(accountId, orderId, money("60.00")))
                .expectEvents(new AccountDebited(accountId, orderId, money("60.00"), money("40.00")));
    }

    @Test
    void anOrderThatTheBalanceDoesNotCoverIsRefusedAsAnEvent() {
        UUID orderId = UUID.randomUUID();
        fixture.given(opened(), new MoneyDeposited(accountId, money("10.00"), money("10.00")))
                .when(new DebitAccount(accountId, orderId, money("10.01")))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccountDebitRefused(accountId, orderId, money("10.01"), money("10.00")));
    }

    @Test
    void anOrderIsNeverDebitedTwice() {
        UUID orderId = UUID.randomUUID();
        fixture.given(opened(), new MoneyDeposited(accountId, money("100.00"), money("100.00")),
                        new AccountDebited(accountId, orderId, money("60.00"), money("40.00")))
                .when(new DebitAccount(accountId, orderId, money("60.00")))
                .expectNoEvents();
    }

    @Test
    void aDebitedOrderIsRefundedOnce() {
        UUID orderId = UUID.randomUUID();
        fixture.given(opened(), new MoneyDeposited(accountId, money("100.00"), money("100.00")),
                        new AccountDebited(accountId, orderId, money("60.00"), money("40.00")))
                .when(new RefundAccount(accountId, orderId))
                .expectEvents(new AccountRefunded(accountId, orderId, money("60.00"), money("100.00")));
        fixture.given(opened(), new AccountDebited(accountId, orderId, money("60.00"), money("40.00")),
                        new AccountRefunded(accountId, orderId, money("60.00"), money("100.00")))
                .when(new RefundAccount(accountId, orderId))
                .expectNoEvents();
    }

    @Test
    void refundingAnOrderThatWasNeverDebitedChangesNothing() {
        fixture.given(opened())
                .when(new RefundAccount(accountId, UUID.randomUUID()))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRetriedKeyedDepositAnswersTheFirstBalanceAndMovesNothing() {
        fixture.given(opened(), new MoneyDeposited(accountId, money("10.00"), money("10.00"), "key-1"),
                        new MoneyDeposited(accountId, money("5.00"), money("15.00")))
                .when(new DepositMoney(accountId, new BigDecimal("10"), "key-1"))
                .expectNoEvents()
                .expectResultMessagePayload(new AccountBalance(accountId, money("10.00")));
    }

    @Test
    void aKeyReusedForAnotherAmountIsRefused() {
        fixture.given(opened(), new MoneyDeposited(accountId, money("100.00"), money("100.00")),
                        new MoneyWithdrawn(accountId, money("10.00"), money("90.00"), "key-1"))
                .when(new WithdrawMoney(accountId, money("80.00"), "key-1"))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionDetails(Rejection.keyReused("The Idempotency-Key was already used for a withdrawal of 10.00"));
    }

    @Test
    void keysAreScopedByOperation() {
        fixture.given(opened(), new MoneyDeposited(accountId, money("10.00"), money("10.00"), "key-1"))
                .when(new WithdrawMoney(accountId, money("10.00"), "key-1"))
                .expectEvents(new MoneyWithdrawn(accountId, money("10.00"), money("0.00"), "key-1"));
    }

    @Test
    void keysAreKeptForADayAndMore() {
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        fixture.givenCurrentTime(first)
                .andGiven(opened(), new MoneyDeposited(accountId, money("10.00"), money("10.00"), "key-1"))
                .andGivenCurrentTime(first.plus(Duration.ofHours(47)))
                .andGiven(new MoneyDeposited(accountId, money("1.00"), money("11.00"), "key-2"))
                .when(new DepositMoney(accountId, money("10.00"), "key-1"))
                .expectNoEvents()
                .expectResultMessagePayload(new AccountBalance(accountId, money("10.00")));
    }

    @Test
    void keysOlderThanTheirKeepingAreForgotten() {
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        fixture.givenCurrentTime(first)
                .andGiven(opened(), new MoneyDeposited(accountId, money("10.00"), money("10.00"), "key-1"))
                .andGivenCurrentTime(first.plus(Account.KEYS_KEPT).plusSeconds(1))
                .andGiven(new MoneyDeposited(accountId, money("1.00"), money("11.00")))
                .when(new DepositMoney(accountId, money("10.00"), "key-1"))
                .expectEvents(new MoneyDeposited(accountId, money("10.00"), money("21.00"), "key-1"));
    }

    private AccountOpened opened() {
        return new AccountOpened(accountId, ownerId, "RUB");
    }

    private static Rejection invalidAmount() {
        return Rejection.invalid("invalid-amount", "The amount must be greater than zero, at most " + Money.MAX + ", with at most two decimals");
    }

    private static BigDecimal money(String value) {
        return new BigDecimal(value).setScale(2);
    }
}
