package io.policyhub.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * What the application's configuration files declare, and whether an environment variable reaches
 * one of their properties. The decision is Spring Boot's own relaxed binding
 * (SystemEnvironmentPropertySource as a ConfigurationPropertySource), not a re-implementation:
 * POLICYHUB_CLICKHOUSE_URL reaches policyhub.clickhouse.url, POLICYHUB_MIGRATE_ONLY reaches
 * policyhub.migrate-only.
 */
final class AppConfig {

    /** Environment-style placeholders such as ${POLICYHUB_JWT_KEY_DIR:}; before the instances below. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    /** A property name in Java source: "policyhub.roles.command" or ${policyhub.redis.uri:...}. */
    private static final Pattern CODE_PROPERTY = Pattern.compile("[\"{](policyhub\\.[a-z0-9.-]*[a-z0-9])[\":}]");

    /**
     * Properties the main sources read by name (@Value, @ConditionalOnBooleanProperty,
     * Environment.getProperty) without a line in application*.yml.
     */
    static Set<String> readByCode() {
        Set<String> names = new TreeSet<>();
        for (String module : List.of("api", "platform", "command-side", "projections", "query-side", "messenger", "app")) {
            if (!java.nio.file.Files.isDirectory(Repo.path(module + "/src/main/java"))) {
                continue;
            }
            for (Path file : Repo.files(module + "/src/main/java", ".java")) {
                Matcher m = CODE_PROPERTY.matcher(Repo.read(file));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** The PolicyHub application (every role, the migrations). */
    static final AppConfig APP = new AppConfig(Repo.files("app/src/main/resources", ".yml", ".yaml").stream()
            .filter(f -> f.getFileName().toString().startsWith("application")).toList());

    /** The insurer simulator. */
    static final AppConfig SIMULATOR = new AppConfig(List.of(
            Repo.path("insurer-simulator/src/main/resources/application.yml")));

    /**
     * Standard Spring Boot properties the deployment sets although the application's files do not
     * mention them; each is documented in Spring Boot's reference ("Common Application Properties").
     */
    static final Set<String> SPRING_BOOT_STANDARD = Set.of(
            "spring.profiles.active",
            "spring.flyway.enabled",
            "spring.datasource.url",
            "spring.datasource.username",
            "spring.datasource.password",
            "server.address",
            "server.port");

    private final Set<String> properties = new TreeSet<>();
    private final Set<String> placeholders = new TreeSet<>();

    AppConfig(List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalStateException("no configuration files found");
        }
        for (Path file : files) {
            String text = Repo.read(file);
            for (Object document : Repo.yamlDocuments(text)) {
                flatten("", document, properties);
            }
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                placeholders.add(m.group(1));
            }
        }
    }

    /** Property names declared in the files (lists and maps also by their own name). */
    Set<String> properties() {
        return properties;
    }

    /** Environment-style placeholders in the files, e.g. ${POLICYHUB_JWT_KEY_DIR:}. */
    Set<String> placeholders() {
        return placeholders;
    }

    private static void flatten(String prefix, Object value, Set<String> into) {
        if (!prefix.isEmpty()) {
            into.add(prefix);
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
        }
    }

    /** The declared, standard or pending property an environment variable binds to, or null. */
    String propertyFor(String envName) {
        if (placeholders.contains(envName)) {
            return "${" + envName + "}";
        }
        List<String> candidates = new ArrayList<>(properties);
        candidates.addAll(SPRING_BOOT_STANDARD);
        return candidates.stream().filter(p -> binds(envName, p)).findFirst().orElse(null);
    }

    /** Spring Boot's answer: does the variable {@code envName} supply the property {@code property}? */
    static boolean binds(String envName, String property) {
        if (!ConfigurationPropertyName.isValid(property)) {
            return false;
        }
        SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(envName, "value"));
        ConfigurationPropertySource source = ConfigurationPropertySource.from(environment);
        return source.getConfigurationProperty(ConfigurationPropertyName.of(property)) != null;
    }
}
