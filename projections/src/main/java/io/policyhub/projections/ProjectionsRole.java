package io.policyhub.projections;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The projections role: event processors that build the read models (PostgreSQL, ClickHouse, Redis) and their admin endpoints.
 * On unless {@code policyhub.roles.projections=false}; the same jar runs every role or any subset.
 */
@Configuration
@ConditionalOnBooleanProperty(name = "policyhub.roles.projections", matchIfMissing = true)
@ComponentScan
public class ProjectionsRole {
}
