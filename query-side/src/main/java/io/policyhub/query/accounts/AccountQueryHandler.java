package io.policyhub.query.accounts;

import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.accounts.AccountIds;
import io.policyhub.api.accounts.AccountView;
import io.policyhub.api.accounts.FindAccountOfOwner;
import io.policyhub.api.common.AggregateTypes;
import io.policyhub.platform.consistency.ReadYourWrites;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Answers account queries from the {@code account_balance} read model. */
@Component
class AccountQueryHandler {

    private final JdbcTemplate jdbc;
    private final ReadYourWrites readYourWrites;

    AccountQueryHandler(JdbcTemplate jdbc, ReadYourWrites readYourWrites) {
        this.jdbc = jdbc;
        this.readYourWrites = readYourWrites;
    }

    @QueryHandler
    Optional<AccountView> handle(FindAccountOfOwner query) {
        UUID accountId = AccountIds.forOwner(query.ownerId());
        return readYourWrites.read(AggregateTypes.ACCOUNT, accountId.toString(), () -> balanceRow(accountId), BalanceRow::lastSequence)
                .map(BalanceRow::view);
    }

    private Optional<BalanceRow> balanceRow(UUID accountId) {
        return jdbc.query("""
                        select account_id, owner_id, balance, currency, last_sequence
                        from account_balance where account_id = ?""",
                (rs, row) -> new BalanceRow(new AccountView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getBigDecimal(3), rs.getString(4)), rs.getLong(5)),
                accountId).stream().findFirst();
    }

    private record BalanceRow(AccountView view, long lastSequence) {
    }
}
