package io.policyhub.command.identity;

import java.util.UUID;

import io.policyhub.api.identity.GrantAdministrator;
import io.policyhub.api.identity.RevokeAdministrator;
import io.policyhub.platform.web.Caller;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators make administrators (the path is under {@code /api/v1/admin}, which needs the role).
 * Each grant and revocation is an event on the user that names who did it: the audit trail. The
 * role takes effect with the user's next token.
 */
@RestController
class AdministratorController {

    private final CommandGateway commandGateway;

    AdministratorController(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    @PutMapping("/api/v1/admin/administrators/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void grant(Caller caller, @PathVariable UUID userId) {
        commandGateway.sendAndWait(new GrantAdministrator(userId, caller.userId().toString()));
    }

    @DeleteMapping("/api/v1/admin/administrators/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(Caller caller, @PathVariable UUID userId) {
        commandGateway.sendAndWait(new RevokeAdministrator(userId, caller.userId().toString()));
    }
}
