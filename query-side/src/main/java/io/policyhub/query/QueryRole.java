package io.policyhub.query;

import io.policyhub.projections.ReadModelReaders;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The query role: query handlers and the query REST endpoints over the read models, which it reads
 * through their owners' readers (the projections module's {@link ReadModelReaders}).
 * On unless {@code policyhub.roles.query=false}; the same jar runs every role or any subset.
 */
@Configuration
@ConditionalOnBooleanProperty(name = "policyhub.roles.query", matchIfMissing = true)
@ComponentScan
@Import(ReadModelReaders.class)
public class QueryRole {
}
