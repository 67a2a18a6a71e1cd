package io.policyhub.query.accounts;

import io.policyhub.api.accounts.AccountView;
import io.policyhub.api.accounts.FindAccountOfOwner;
import io.policyhub.platform.web.Caller;
import io.policyhub.platform.web.ProblemException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/accounts")
class AccountQueryController {

    private final QueryGateway queryGateway;

    AccountQueryController(QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
    }

    @GetMapping("/me")
    AccountView mine(Caller caller) {
        return queryGateway.query(new FindAccountOfOwner(caller.userId()), ResponseTypes.optionalInstanceOf(AccountView.class))
                .join()
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "not-found", "The caller has no account"));
    }
}
