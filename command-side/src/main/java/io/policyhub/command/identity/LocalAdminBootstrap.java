package io.policyhub.command.identity;

import io.policyhub.api.identity.Profile;
import io.policyhub.api.identity.RegisterUser;
import io.policyhub.api.identity.UserIds;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Local profile only: registers the operator account {@code admin} with the configured password
 * when it does not exist yet, so replays can be triggered on a fresh checkout. No other profile
 * sets the password, so no default admin credentials exist outside local mode.
 */
@Component
@ConditionalOnProperty("policyhub.security.bootstrap-admin.password")
class LocalAdminBootstrap implements ApplicationRunner {

    static final String ADMIN = "admin";
    private static final Logger log = LoggerFactory.getLogger(LocalAdminBootstrap.class);

    private final CommandGateway commandGateway;
    private final PasswordEncoder passwordEncoder;
    private final String password;

    LocalAdminBootstrap(CommandGateway commandGateway, PasswordEncoder passwordEncoder,
                        @Value("${policyhub.security.bootstrap-admin.password}") String password) {
        this.commandGateway = commandGateway;
        this.passwordEncoder = passwordEncoder;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            commandGateway.sendAndWait(new RegisterUser(UserIds.forUsername(ADMIN), ADMIN, passwordEncoder.encode(password),
                    new Profile("admin@localhost", null, null, null)));
            log.info("Registered the local operator account '{}'", ADMIN);
        } catch (AggregateStreamCreationException alreadyRegistered) {
            // registered on an earlier start
        }
    }
}
