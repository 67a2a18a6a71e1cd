package io.policyhub.command.accounts;

import java.math.BigDecimal;
import java.util.UUID;

import io.policyhub.api.accounts.AccountBalance;
import io.policyhub.api.accounts.AccountIds;
import io.policyhub.api.accounts.DepositMoney;
import io.policyhub.api.accounts.Money;
import io.policyhub.api.accounts.OpenAccount;
import io.policyhub.api.accounts.WithdrawMoney;
import io.policyhub.platform.web.Caller;
import io.policyhub.platform.web.IdempotencyKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Commands on the caller's own billing account. */
@RestController
@RequestMapping("/api/v1/accounts")
class AccountCommandController {

    private final CommandGateway commandGateway;

    AccountCommandController(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    /** Opens the caller's account explicitly; registration does it too, so this answers 409 then. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    OpenedAccount open(Caller caller) {
        UUID accountId = AccountIds.forOwner(caller.userId());
        commandGateway.sendAndWait(new OpenAccount(accountId, caller.userId()));
        return new OpenedAccount(accountId, caller.userId());
    }

    /** With an Idempotency-Key, a retry answers the first deposit's balance and deposits nothing (the account keeps the keys). */
    @PostMapping("/me/deposits")
    AccountBalance deposit(Caller caller, @Valid @RequestBody AmountRequest request,
                           @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        return commandGateway.sendAndWait(new DepositMoney(AccountIds.forOwner(caller.userId()), request.amount(),
                IdempotencyKeys.optional(idempotencyKey)));
    }

    @PostMapping("/me/withdrawals")
    AccountBalance withdraw(Caller caller, @Valid @RequestBody AmountRequest request,
                            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        return commandGateway.sendAndWait(new WithdrawMoney(AccountIds.forOwner(caller.userId()), request.amount(),
                IdempotencyKeys.optional(idempotencyKey)));
    }

    record AmountRequest(@NotNull @Positive @DecimalMax(Money.MAX_TEXT) @Digits(integer = Money.MAX_INTEGER_DIGITS, fraction = Money.SCALE) BigDecimal amount) {
    }

    record OpenedAccount(UUID accountId, UUID userId) {
    }
}
