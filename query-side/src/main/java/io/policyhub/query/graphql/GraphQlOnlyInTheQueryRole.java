package io.policyhub.query.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code /graphql} is the query role's: its schema is on every role's class path (one jar), but its
 * scalars and data fetchers are beans of the query role only, so a role without it must not start
 * Spring for GraphQL at all. When {@code policyhub.roles.query=false}, GraphQL's auto-configuration
 * joins the configured exclusions (the web and security parts depend on it).
 */
class GraphQlOnlyInTheQueryRole implements EnvironmentPostProcessor, Ordered {

    static final String EXCLUDE = "spring.autoconfigure.exclude";
    static final String GRAPHQL = "org.springframework.boot.graphql.autoconfigure.GraphQlAutoConfiguration";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Binder binder = Binder.get(environment);
        if (binder.bind("policyhub.roles.query", Boolean.class).orElse(true)) {
            return;
        }
        List<String> excluded = new ArrayList<>(binder.bind(EXCLUDE, Bindable.listOf(String.class)).orElse(List.of()));
        excluded.add(GRAPHQL);
        environment.getPropertySources().addFirst(new MapPropertySource("graphql-in-the-query-role-only",
                Map.of(EXCLUDE, String.join(",", excluded))));
    }

    /** After the configuration files are read. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
