package io.policyhub.query.accounts;

import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.accounts.AccountIds;
import io.policyhub.api.accounts.AccountView;
import io.policyhub.api.accounts.FindAccountOfOwner;
import io.policyhub.api.common.AggregateTypes;
import io.policyhub.platform.consistency.ReadYourWrites;
import io.policyhub.projections.accounts.AccountBalanceReader;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Answers account queries from the account balance read model, read-your-writes. */
@Component
class AccountQueryHandler {

    private final AccountBalanceReader balances;
    private final ReadYourWrites readYourWrites;

    AccountQueryHandler(AccountBalanceReader balances, ReadYourWrites readYourWrites) {
        this.balances = balances;
        this.readYourWrites = readYourWrites;
    }

    @QueryHandler
    Optional<AccountView> handle(FindAccountOfOwner query) {
        UUID accountId = AccountIds.forOwner(query.ownerId());
        return readYourWrites.read(AggregateTypes.ACCOUNT, accountId.toString(), () -> balances.find(accountId),
                AccountBalanceReader.Balance::lastSequence).map(AccountBalanceReader.Balance::view);
    }
}
