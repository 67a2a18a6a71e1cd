package io.policyhub.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyhub.platform.config.AutoConfigurationExclusions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class TracingOnlyWhenEnabledTest {

    private final TracingOnlyWhenEnabled postProcessor = new TracingOnlyWhenEnabled();

    @Test
    void withTracingOffNoTracerIsConfiguredAndTheOtherExclusionsStay() {
        MockEnvironment unset = new MockEnvironment().withProperty("spring.autoconfigure.exclude[0]", "a.First");
        MockEnvironment off = new MockEnvironment().withProperty(TracingOnlyWhenEnabled.SWITCH, "false");

        postProcessor.postProcessEnvironment(unset, new SpringApplication());
        postProcessor.postProcessEnvironment(off, new SpringApplication());

        assertThat(unset.getProperty(AutoConfigurationExclusions.EXCLUDE))
                .isEqualTo("a.First," + String.join(",", TracingOnlyWhenEnabled.TRACING));
        assertThat(off.getProperty(AutoConfigurationExclusions.EXCLUDE)).isEqualTo(String.join(",", TracingOnlyWhenEnabled.TRACING));
    }

    @Test
    void withTracingOnEverythingIsConfigured() {
        MockEnvironment on = new MockEnvironment().withProperty(TracingOnlyWhenEnabled.SWITCH, "true")
                .withProperty("spring.autoconfigure.exclude", "a.First");

        postProcessor.postProcessEnvironment(on, new SpringApplication());

        assertThat(on.getProperty(AutoConfigurationExclusions.EXCLUDE)).isEqualTo("a.First");
    }
}
