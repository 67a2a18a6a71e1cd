package io.policyhub.command.identity;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.policyhub.api.identity.AnyAdministrator;
import io.policyhub.api.identity.GrantAdministrator;
import io.policyhub.api.identity.Profile;
import io.policyhub.api.identity.RegisterUser;
import io.policyhub.api.identity.UserIds;
import io.policyhub.platform.security.PasswordPolicy;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The first administrator. Administrators are made by administrators ({@link AdministratorController});
 * the first one is granted here, once: at start, while no user is an administrator, to the registered
 * user that {@code policyhub.security.bootstrap-admin.user-id} names. The local profile instead sets
 * {@code policyhub.security.bootstrap-admin.password}: the operator account {@code admin} is registered
 * with it (it follows the password policy) and becomes that first administrator. No other profile has
 * a default password, and no username is an administrator by its name.
 */
@Component
class AdministratorBootstrap implements ApplicationRunner {

    static final String ADMIN = "admin";
    static final String GRANTED_BY = "bootstrap";
    private static final Logger log = LoggerFactory.getLogger(AdministratorBootstrap.class);
    private static final int RETRIES = 60;
    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);

    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;
    private final PasswordEncoder passwordEncoder;
    private final String localOperatorPassword;
    private final UUID configuredUserId;

    AdministratorBootstrap(CommandGateway commandGateway, QueryGateway queryGateway, PasswordEncoder passwordEncoder,
                           PasswordPolicy passwordPolicy,
                           @Value("${policyhub.security.bootstrap-admin.password:}") String localOperatorPassword,
                           @Value("${policyhub.security.bootstrap-admin.user-id:}") String configuredUserId) {
        if (!localOperatorPassword.isEmpty()) {
            passwordPolicy.check(localOperatorPassword, ADMIN); // the operator's password follows the users' rules
        }
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
        this.passwordEncoder = passwordEncoder;
        this.localOperatorPassword = localOperatorPassword;
        this.configuredUserId = configuredUserId.isEmpty() ? null : UUID.fromString(configuredUserId);
    }

    @Override
    public void run(ApplicationArguments args) {
        UUID candidate = localOperatorPassword.isEmpty() ? configuredUserId : registerLocalOperator();
        if (candidate != null && !tryGrant(candidate)) {
            // the distributed command role may start before any query role can answer
            Thread retrying = new Thread(() -> retryGrant(candidate), "administrator-bootstrap");
            retrying.setDaemon(true);
            retrying.start();
        }
    }

    private void retryGrant(UUID candidate) {
        for (int attempt = 1; attempt <= RETRIES; attempt++) {
            try {
                Thread.sleep(RETRY_INTERVAL.toMillis());
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
                return;
            }
            if (tryGrant(candidate)) {
                return;
            }
        }
        log.error("No query role told whether an administrator exists; the first grant waits for the next start");
    }

    /** @return false when it could not tell whether an administrator exists yet */
    private boolean tryGrant(UUID candidate) {
        try {
            if (queryGateway.query(new AnyAdministrator(), Boolean.class).get(10, TimeUnit.SECONDS)) {
                return true;
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
            return true;
        } catch (Exception unanswered) {
            log.warn("Cannot tell yet whether an administrator exists: {}", unanswered.toString());
            return false;
        }
        try {
            commandGateway.sendAndWait(new GrantAdministrator(candidate, GRANTED_BY));
            log.info("Granted the first administrator to user {}", candidate);
        } catch (AggregateNotFoundException noSuchUser) {
            log.error("policyhub.security.bootstrap-admin.user-id names no registered user ({}); nobody is an administrator", candidate);
        }
        return true;
    }

    private UUID registerLocalOperator() {
        UUID operator = UserIds.forUsername(ADMIN);
        try {
            commandGateway.sendAndWait(new RegisterUser(operator, ADMIN, passwordEncoder.encode(localOperatorPassword),
                    new Profile("admin@localhost", null, null, null)));
            log.info("Registered the local operator account '{}'", ADMIN);
        } catch (AggregateStreamCreationException alreadyRegistered) {
            // registered on an earlier start
        }
        return operator;
    }
}
