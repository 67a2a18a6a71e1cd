package io.policyhub.command.identity;

import java.util.UUID;
import java.util.function.Supplier;

import io.policyhub.api.accounts.AccountIds;
import io.policyhub.api.identity.Profile;
import io.policyhub.api.identity.RegisterUser;
import io.policyhub.api.identity.UserIds;
import io.policyhub.command.common.AfterStoredCommand;
import io.policyhub.platform.consistency.ReadYourWrites;
import io.policyhub.platform.privacy.PersonalDataKeys;
import io.policyhub.platform.security.PasswordPolicy;
import io.policyhub.platform.web.ProblemException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** Registration, whichever API it comes through: the password policy, the hash, the command, the account. */
@Component
class Registrations {

    private final CommandGateway commandGateway;
    private final PasswordEncoder passwordEncoder;
    private final PasswordPolicy passwordPolicy;
    private final PersonalDataKeys personalDataKeys;
    private final ReadYourWrites readYourWrites;

    Registrations(CommandGateway commandGateway, PasswordEncoder passwordEncoder, PasswordPolicy passwordPolicy,
                  PersonalDataKeys personalDataKeys, ReadYourWrites readYourWrites) {
        this.commandGateway = commandGateway;
        this.passwordEncoder = passwordEncoder;
        this.passwordPolicy = passwordPolicy;
        this.personalDataKeys = personalDataKeys;
        this.readYourWrites = readYourWrites;
    }

    /**
     * Registers the user; answers once the onboarding opened the billing account, so the client can
     * use its account right after logging in. {@code taken} is the refusal when the name is taken.
     */
    UUID register(String username, String password, Profile profile, Supplier<ProblemException> taken) {
        UUID userId = UserIds.forUsername(username);
        passwordPolicy.check(password, username);
        if (personalDataKeys.isErased(userId)) {
            throw taken.get(); // an erased user's name stays taken
        }
        try {
            commandGateway.sendAndWait(new RegisterUser(userId, username.trim(), passwordEncoder.encode(password), profile));
        } catch (AggregateStreamCreationException e) {
            throw taken.get();
        }
        AfterStoredCommand.readOr(() -> {
            readYourWrites.awaitCreation(AccountIds.forOwner(userId).toString());
            return userId;
        }, () -> userId);
        return userId;
    }
}
