package io.policyhub.command;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The command role: aggregates, sagas, deadlines, insurer calls and the command REST endpoints.
 * On unless {@code policyhub.roles.command=false}; the same jar runs every role or any subset.
 */
@Configuration
@ConditionalOnBooleanProperty(name = "policyhub.roles.command", matchIfMissing = true)
@ComponentScan
public class CommandRole {
}
