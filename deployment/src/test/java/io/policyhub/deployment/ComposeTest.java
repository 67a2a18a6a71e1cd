package io.policyhub.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The docker compose setup: services, start order, health checks, secrets. */
class ComposeTest {

    private static final Set<String> INFRASTRUCTURE = Set.of("axonserver", "postgres", "redis",
            "clickhouse-router", "clickhouse-shard1", "clickhouse-shard2", "clickhouse-shard3");

    @Test
    void theWholeSystemIsThere() {
        assertThat(Compose.services()).containsKeys("axonserver", "postgres", "redis", "clickhouse-router",
                "clickhouse-shard1", "clickhouse-shard2", "clickhouse-shard3", "migrate", "command", "projections",
                "query", "messenger", "insurer-simulator", "edge", "prometheus", "grafana", "alertmanager",
                "postgres-exporter", "redis-exporter", "nginx-exporter", "tempo");
        assertThat(Compose.service("postgres").get("image")).isEqualTo("postgres:17");
        assertThat(String.valueOf(Compose.service("redis").get("image"))).startsWith("redis:7");
        assertThat(String.valueOf(Compose.service("axonserver").get("image"))).startsWith("axoniq/axonserver:");
        for (String node : List.of("clickhouse-router", "clickhouse-shard1", "clickhouse-shard2", "clickhouse-shard3")) {
            assertThat(String.valueOf(Compose.service(node).get("image")))
                    .as(node).matches("clickhouse/clickhouse-server:25\\.\\d+.*");
        }
    }

    /** Exporters have no shell for a health check: Prometheus watches them (`up`, and the components' alerts). */
    @Test
    void everyLongRunningServiceHasAHealthCheck() {
        Compose.services().forEach((name, service) -> {
            if (!name.equals("migrate") && !name.endsWith("-exporter")) {
                assertThat(Repo.at(service, "healthcheck.test")).as("healthcheck of %s", name).isNotNull();
            }
        });
    }

    @Test
    void dependenciesWaitForHealthAndTheMigrations() {
        Map<String, Object> services = Compose.services();
        services.forEach((name, service) -> {
            Object dependsOn = Repo.map(service).get("depends_on");
            if (dependsOn == null) {
                return;
            }
            assertThat(dependsOn).as("depends_on of %s uses the long form with conditions", name).isInstanceOf(Map.class);
            Repo.map(dependsOn).forEach((dependency, spec) -> {
                assertThat(services).as("%s depends on an existing service", name).containsKey(dependency);
                String condition = String.valueOf(Repo.map(spec).get("condition"));
                String expected = dependency.equals("migrate") ? "service_completed_successfully" : "service_healthy";
                assertThat(condition).as("%s -> %s", name, dependency).isEqualTo(expected);
            });
        });
        for (String role : Roles.ALL) {
            Map<String, Object> dependsOn = Repo.map(Compose.service(role).get("depends_on"));
            assertThat(dependsOn).as("%s waits for", role)
                    .containsKeys("migrate", "axonserver", "postgres", "redis", "clickhouse-router");
        }
        assertThat(Repo.map(Compose.service("migrate").get("depends_on")))
                .containsKeys("postgres", "clickhouse-router");
        assertThat(Repo.map(Compose.service("clickhouse-router").get("depends_on")))
                .containsKeys("clickhouse-shard1", "clickhouse-shard2", "clickhouse-shard3");
    }

    @Test
    void theMigrationsRunOnceAndOwnTheSchema() {
        Map<String, Object> migrate = Compose.service("migrate");
        Map<String, String> env = Compose.environment(migrate);
        assertThat(env).containsEntry("POLICYHUB_MIGRATE_ONLY", "true").containsEntry("SPRING_FLYWAY_ENABLED", "true");
        assertThat(Roles.switchProblems(null, env)).isEmpty();
        assertThat(migrate.get("restart")).isEqualTo("no");
        for (String role : Roles.ALL) {
            assertThat(Compose.environment(Compose.service(role)))
                    .as(role).containsEntry("SPRING_FLYWAY_ENABLED", "false").doesNotContainKey("POLICYHUB_MIGRATE_ONLY");
        }
    }

    @Test
    void jwtKeysAreMountedSecretsFromGitIgnoredFiles() {
        Map<String, Object> secrets = Repo.map(Compose.file().get("secrets"));
        assertThat(secrets).containsKeys("jwt-private-key", "jwt-public-key");
        secrets.values().forEach(s -> assertThat(String.valueOf(Repo.map(s).get("file"))).startsWith("./secrets/"));
        assertThat(Repo.read(".gitignore")).contains("compose/secrets/", "compose/.env");
        assertThat(Repo.read("compose/README.md")).contains("openssl", "compose/secrets/jwt/private-key.pem",
                "compose/secrets/jwt/public-key.pem");

        assertThat(Compose.service("migrate")).as("the migrations need no signing keys").doesNotContainKey("secrets");
        for (String name : Roles.ALL) {
            Map<String, Object> service = Compose.service(name);
            assertThat(Compose.environment(service)).as(name).containsEntry("POLICYHUB_JWT_KEY_DIR", "/run/secrets/jwt");
            assertThat(Repo.list(service.get("secrets"))).as("secrets of %s", name)
                    .extracting(s -> Repo.map(s).get("target"))
                    .containsExactlyInAnyOrder("/run/secrets/jwt/private-key.pem", "/run/secrets/jwt/public-key.pem");
        }
    }

    @Test
    void everyRoleLogsJsonLines() {
        Compose.policyhubServices().forEach((name, service) -> {
            if (!name.equals("insurer-simulator")) {
                assertThat(Compose.environment(service)).as(name).containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
            }
        });
        assertThat(Repo.read("k8s/base/policyhub/policyhub.env")).containsPattern("(?m)^LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs$");
    }

    @Test
    void everyRoleExportsTracesToTempoWhichGrafanaReads() {
        Compose.policyhubServices().forEach((name, service) -> {
            if (!name.equals("insurer-simulator")) {
                assertThat(Compose.environment(service)).as(name).containsEntry("MANAGEMENT_TRACING_ENABLED", "true")
                        .containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", "http://tempo:4318/v1/traces");
            }
        });
        assertThat(Repo.read("compose/tempo/tempo.yml")).contains("endpoint: 0.0.0.0:4318", "http_listen_port: 3200");
        assertThat(Repo.read("k8s/components/grafana/provisioning/datasources/datasources.yml"))
                .contains("type: tempo", "url: http://tempo:3200");
    }

    @Test
    void passwordsComeFromTheEnvironmentNeverFromTheFile() {
        Compose.services().forEach((name, service) ->
                Compose.environment(Repo.map(service)).forEach((key, value) -> {
                    if (key.contains("PASSWORD")) {
                        assertThat(value).as("%s of %s", key, name).matches("\\$\\{[A-Z_]+(:\\?[^}]*)?}");
                    }
                }));
        String example = Repo.read("compose/.env.example");
        assertThat(example).contains("POSTGRES_PASSWORD=", "CLICKHOUSE_PASSWORD=", "GRAFANA_ADMIN_PASSWORD=");
        assertThat(Files.exists(Repo.path("compose/.env.example"))).isTrue();
    }

    @Test
    void onlyTheEdgeAndOperatorToolsArePublished() {
        Compose.services().forEach((name, service) -> {
            List<Object> ports = Repo.list(Repo.map(service).get("ports"));
            if (name.equals("edge")) {
                assertThat(ports).singleElement().asString().endsWith(":80");
            } else {
                // roles and data stores stay on the compose network; dashboards bind to loopback
                assertThat(ports).as("published ports of %s", name).allSatisfy(p -> assertThat(String.valueOf(p)).startsWith("127.0.0.1:"));
            }
        });
    }

    @Test
    void infrastructureIsNotBuiltFromTheRepository() {
        INFRASTRUCTURE.forEach(name -> assertThat(Compose.service(name)).as(name).doesNotContainKey("build"));
    }
}
