package io.policyhub.query.accounts;

import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.accounts.AccountReadModel;
import io.policyhub.api.accounts.AccountView;
import io.policyhub.api.accounts.FindAccountOfOwner;
import io.policyhub.platform.consistency.ProjectionCatchUp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Answers account queries from the {@code account_balance} read model. */
@Component
class AccountQueryHandler {

    private final JdbcTemplate jdbc;
    private final ProjectionCatchUp catchUp;

    AccountQueryHandler(JdbcTemplate jdbc, ProjectionCatchUp catchUp) {
        this.jdbc = jdbc;
        this.catchUp = catchUp;
    }

    @QueryHandler
    Optional<AccountView> handle(FindAccountOfOwner query) {
        catchUp.await(AccountReadModel.PROCESSOR);
        return jdbc.query("select account_id, owner_id, balance, currency from account_balance where owner_id = ?",
                (rs, row) -> new AccountView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getBigDecimal(3), rs.getString(4)),
                query.ownerId()).stream().findFirst();
    }
}
