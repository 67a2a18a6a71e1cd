package io.policyhub.query.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class GraphQlOnlyInTheQueryRoleTest {

    private final GraphQlOnlyInTheQueryRole postProcessor = new GraphQlOnlyInTheQueryRole();

    @Test
    void aRoleWithoutQueriesDoesNotStartGraphQlAndKeepsItsOtherExclusions() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("policyhub.roles.query", "false")
                .withProperty("spring.autoconfigure.exclude[0]", "a.First")
                .withProperty("spring.autoconfigure.exclude[1]", "b.Second");

        postProcessor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty(GraphQlOnlyInTheQueryRole.EXCLUDE))
                .isEqualTo("a.First,b.Second," + GraphQlOnlyInTheQueryRole.GRAPHQL);
    }

    @Test
    void theQueryRoleKeepsGraphQl() {
        MockEnvironment unset = new MockEnvironment().withProperty("spring.autoconfigure.exclude", "a.First");
        MockEnvironment on = new MockEnvironment().withProperty("policyhub.roles.query", "true");

        postProcessor.postProcessEnvironment(unset, new SpringApplication());
        postProcessor.postProcessEnvironment(on, new SpringApplication());

        assertThat(unset.getProperty(GraphQlOnlyInTheQueryRole.EXCLUDE)).isEqualTo("a.First");
        assertThat(on.getProperty(GraphQlOnlyInTheQueryRole.EXCLUDE)).isNull();
    }
}
