package io.policyhub.query.insurance;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.policyhub.api.insurance.ApplicationList;
import io.policyhub.api.insurance.ApplicationView;
import io.policyhub.api.insurance.FindApplication;
import io.policyhub.api.insurance.FindApplications;
import io.policyhub.api.insurance.FindPolicies;
import io.policyhub.api.insurance.PolicyList;
import io.policyhub.api.insurance.PolicyView;
import io.policyhub.platform.web.Caller;
import io.policyhub.platform.web.ProblemException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ApplicationQueryController {

    private final QueryGateway queryGateway;

    ApplicationQueryController(QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
    }

    /** With {@code since} (an earlier {@code updatedAt}) this is a long poll; someone else's application is not found. */
    @GetMapping("/api/v1/insurance/applications/{applicationId}")
    ApplicationView application(Caller caller, @PathVariable UUID applicationId,
                                @RequestParam(required = false) Instant since) {
        return queryGateway.query(new FindApplication(applicationId, caller.userId(), since),
                        ResponseTypes.optionalInstanceOf(ApplicationView.class))
                .join()
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "not-found", "No such application"));
    }

    /** The caller's newest applications (at most 100), newest first. */
    @GetMapping("/api/v1/insurance/applications")
    List<ApplicationView> applications(Caller caller) {
        return queryGateway.query(new FindApplications(caller.userId()), ApplicationList.class).join().applications();
    }

    /** The caller's policies, newest first. */
    @GetMapping("/api/v1/insurance/policies")
    List<PolicyView> policies(Caller caller) {
        return queryGateway.query(new FindPolicies(caller.userId()), PolicyList.class).join().policies();
    }
}
