package io.policyhub.query.graphql;

import java.util.List;

import io.policyhub.platform.config.AutoConfigurationExclusions;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@code /graphql} is the query role's: its schema is on every role's class path (one jar), but its
 * scalars and data fetchers are beans of the query role only, so a role without it must not start
 * Spring for GraphQL at all. When {@code policyhub.roles.query=false}, GraphQL's auto-configuration
 * joins the configured exclusions (the web and security parts depend on it).
 */
class GraphQlOnlyInTheQueryRole implements EnvironmentPostProcessor, Ordered {

    static final String EXCLUDE = AutoConfigurationExclusions.EXCLUDE;
    static final String GRAPHQL = "org.springframework.boot.graphql.autoconfigure.GraphQlAutoConfiguration";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!Binder.get(environment).bind("policyhub.roles.query", Boolean.class).orElse(true)) {
            AutoConfigurationExclusions.add(environment, "graphql-in-the-query-role-only", List.of(GRAPHQL));
        }
    }

    /** After the configuration files are read. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
