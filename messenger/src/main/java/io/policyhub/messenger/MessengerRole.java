package io.policyhub.messenger;

import io.policyhub.projections.ReadModelReaders;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The messenger role: the /ws gateway and the chat REST endpoints, which read chat membership and
 * history through their owners' readers ({@link ReadModelReaders}).
 * On unless {@code policyhub.roles.messenger=false}; the same jar runs every role or any subset.
 */
@Configuration
@ConditionalOnBooleanProperty(name = "policyhub.roles.messenger", matchIfMissing = true)
@ComponentScan
@Import(ReadModelReaders.class)
public class MessengerRole {
}
