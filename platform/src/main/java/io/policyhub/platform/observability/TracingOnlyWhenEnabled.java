package io.policyhub.platform.observability;

import java.util.List;

import io.policyhub.platform.config.AutoConfigurationExclusions;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@code management.tracing.enabled} switches tracing as a whole. Spring Boot 4 no longer reads that
 * property: its tracer is always there, and Micrometer turns every observation (each HTTP request, and
 * more) into a span, recording a tenth of them, whether or not anything exports them. That cost the
 * deposit path several per cent of its CPU with tracing "off" (bench/README.md). So with the switch
 * off, Micrometer Tracing's and OpenTelemetry's tracing auto-configurations (and the exemplars, which
 * read the current span) join the exclusions: observations make meters only, and the no-op tracer
 * answers whoever asks for a tracer.
 */
public class TracingOnlyWhenEnabled implements EnvironmentPostProcessor, Ordered {

    public static final String SWITCH = "management.tracing.enabled";
    static final List<String> TRACING = List.of(
            "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.otlp.OtlpExemplarsAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!Binder.get(environment).bind(SWITCH, Boolean.class).orElse(false)) {
            AutoConfigurationExclusions.add(environment, "tracing-only-when-enabled", TRACING);
        }
    }

    /** After the configuration files are read. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
