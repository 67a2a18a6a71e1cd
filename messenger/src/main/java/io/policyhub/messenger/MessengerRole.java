package io.policyhub.messenger;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The messenger role: the /ws gateway and the chat REST endpoints.
 * On unless {@code policyhub.roles.messenger=false}; the same jar runs every role or any subset.
 */
@Configuration
@ConditionalOnBooleanProperty(name = "policyhub.roles.messenger", matchIfMissing = true)
@ComponentScan
public class MessengerRole {
}
