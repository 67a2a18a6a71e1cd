package io.policyhub.query;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The query role: query handlers and the query REST endpoints over the read models.
 * On unless {@code policyhub.roles.query=false}; the same jar runs every role or any subset.
 */
@Configuration
@ConditionalOnBooleanProperty(name = "policyhub.roles.query", matchIfMissing = true)
@ComponentScan
public class QueryRole {
}
