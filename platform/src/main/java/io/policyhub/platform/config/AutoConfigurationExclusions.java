package io.policyhub.platform.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds auto-configurations to {@code spring.autoconfigure.exclude} from an environment post-processor,
 * keeping those the configuration already excludes (also those another post-processor added).
 */
public final class AutoConfigurationExclusions {

    public static final String EXCLUDE = "spring.autoconfigure.exclude";

    private AutoConfigurationExclusions() {
    }

    public static void add(ConfigurableEnvironment environment, String source, List<String> autoConfigurations) {
        List<String> excluded = new ArrayList<>(Binder.get(environment).bind(EXCLUDE, Bindable.listOf(String.class)).orElse(List.of()));
        excluded.addAll(autoConfigurations);
        environment.getPropertySources().addFirst(new MapPropertySource(source, Map.of(EXCLUDE, String.join(",", excluded))));
    }
}
