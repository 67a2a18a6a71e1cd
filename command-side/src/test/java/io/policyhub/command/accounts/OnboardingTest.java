package io.policyhub.command.accounts;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.UUID;

import io.policyhub.api.accounts.AccountIds;
import io.policyhub.api.accounts.OpenAccount;
import io.policyhub.api.identity.Profile;
import io.policyhub.api.identity.UserRegistered;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.junit.jupiter.api.Test;

class OnboardingTest {

    private final CommandGateway commandGateway = mock(CommandGateway.class);
    private final Onboarding onboarding = new Onboarding(commandGateway);
    private final UUID userId = UUID.randomUUID();
    private final UserRegistered registered = new UserRegistered(userId, "bob", "{bcrypt}x", new Profile(null, null, null, null));

    @Test
    void opensTheAccountDerivedFromTheUser() {
        onboarding.on(registered);

        verify(commandGateway).sendAndWait(new OpenAccount(AccountIds.forOwner(userId), userId));
    }

    @Test
    void aRedeliveredRegistrationFindsTheAccountOpenedAndDoesNothingMore() {
        when(commandGateway.sendAndWait(any(OpenAccount.class)))
                .thenThrow(new AggregateStreamCreationException("already opened"));

        assertThatCode(() -> onboarding.on(registered)).doesNotThrowAnyException();
    }
}
