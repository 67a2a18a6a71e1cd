package io.policyhub.command.accounts;

import io.policyhub.api.accounts.AccountIds;
import io.policyhub.api.accounts.OpenAccount;
import io.policyhub.api.identity.UserRegistered;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.stereotype.Component;

/**
 * Opens the billing account of every new user (event collaboration: identity does not know
 * billing). Exactly once: the account id is derived from the user id, so a redelivered event finds
 * the account already opened and nothing happens; replays never reach this handler.
 */
@Component
@ProcessingGroup("onboarding")
class Onboarding {

    private final CommandGateway commandGateway;

    Onboarding(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    @EventHandler
    @DisallowReplay
    void on(UserRegistered event) {
        try {
            commandGateway.sendAndWait(new OpenAccount(AccountIds.forOwner(event.userId()), event.userId()));
        } catch (AggregateStreamCreationException alreadyOpened) {
            // redelivery after the account was opened: the work is done
        }
    }
}
