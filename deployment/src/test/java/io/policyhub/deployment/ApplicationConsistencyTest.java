package io.policyhub.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * The deployment agrees with the application: ports, probe paths, the environment variables it
 * sets (each must reach a real property), the image, the role switches.
 */
class ApplicationConsistencyTest {

    private static final String IMAGE = "policyhub/policyhub";
    private static final Pattern CHECKED_ENV = Pattern.compile("(POLICYHUB|SPRING|AXONSERVER)_[A-Z0-9_]+");

    private final Map<String, Object> app = Repo.yamlMap("app/src/main/resources/application.yml");
    private final Map<String, Object> simulator = Repo.yamlMap("insurer-simulator/src/main/resources/application.yml");
    private final Map<String, Kustomize.Manifest> base = Kustomize.base();

    // ------------------------------------------------------------------ ports and probes

    @Test
    void theApplicationServesItsProbesOnItsOwnPort() {
        assertThat(Repo.at(app, "server.port")).isEqualTo(8080);
        assertThat(Repo.at(simulator, "server.port")).isEqualTo(8090);
        // no separate management port: probes and metrics share 8080
        assertThat(Repo.at(app, "management.server.port")).isNull();
        assertThat(Repo.at(app, "management.endpoint.health.probes.enabled")).isEqualTo(true);
        assertThat(String.valueOf(Repo.at(app, "management.endpoints.web.exposure.include")))
                .contains("health", "prometheus");
        String basePath = String.valueOf(Repo.at(app, "management.endpoints.web.base-path"));
        assertThat(basePath).isIn("null", "/actuator");
    }

    @Test
    void everyRoleDeploymentProbesTheApplicationsHealthGroups() {
        int port = (Integer) Repo.at(app, "server.port");
        for (String role : Roles.ALL) {
            Deployment deployment = (Deployment) KubernetesModel.load(manifest("Deployment", role));
            Container container = policyhubContainer(deployment.getSpec().getTemplate().getSpec(), role);
            assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).as(role).containsExactly(port);
            assertProbe(role + " readiness", container.getReadinessProbe(), container, "/actuator/health/readiness", port);
            assertProbe(role + " liveness", container.getLivenessProbe(), container, "/actuator/health/liveness", port);
            if (container.getStartupProbe() != null) {
                assertProbe(role + " startup", container.getStartupProbe(), container, "/actuator/health/liveness", port);
            }
            assertThat(container.getResources().getRequests()).as(role + " requests").containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as(role + " limits").containsKey("memory");
        }
    }

    @Test
    void theSimulatorListensWhereItsConfigurationSays() {
        int port = (Integer) Repo.at(simulator, "server.port");
        Deployment deployment = (Deployment) KubernetesModel.load(manifest("Deployment", "insurer-simulator"));
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(port);
        assertProbe("simulator readiness", container.getReadinessProbe(), container, "/health", port);
        assertThat(container.getCommand()).containsExactly("java", "-jar", "/app/insurer-simulator.jar");

        Map<String, Object> compose = Compose.service("insurer-simulator");
        assertThat(Compose.environment(compose)).containsEntry("SERVER_ADDRESS", "0.0.0.0");
        assertThat(Compose.healthcheck(compose)).contains("localhost:" + port + "/health");
        assertThat(Repo.list(compose.get("command"))).containsExactly("java", "-jar", "/app/insurer-simulator.jar");

        String url = "http://insurer-simulator:" + port;
        assertThat(Compose.environment(Compose.service("command"))).containsEntry("POLICYHUB_INSURER_BASE_URL", url);
        assertThat(env(policyhubContainer(((Deployment) KubernetesModel.load(manifest("Deployment", "command")))
                .getSpec().getTemplate().getSpec(), "command"))).containsEntry("POLICYHUB_INSURER_BASE_URL", url);
    }

    @Test
    void composeHealthChecksUseTheReadinessGroup() {
        for (String role : Roles.ALL) {
            assertThat(Compose.healthcheck(Compose.service(role))).as(role)
                    .contains("http://localhost:" + Repo.at(app, "server.port") + "/actuator/health/readiness");
        }
    }

    @Test
    void everyServiceTargetsAPortOfTheWorkloadItSelects() {
        List<String> problems = new ArrayList<>();
        for (Kustomize.Manifest m : base.values()) {
            if (!m.kind().equals("Service")) {
                continue;
            }
            Service service = (Service) KubernetesModel.load(m.document());
            Map<String, String> selector = service.getSpec().getSelector();
            List<PodSpec> pods = base.values().stream()
                    .filter(w -> selects(selector, w))
                    .map(w -> podSpec(KubernetesModel.load(w.document())))
                    .toList();
            if (pods.isEmpty()) {
                problems.add(m + " selects no workload");
                continue;
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                IntOrString target = port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
                for (PodSpec pod : pods) {
                    boolean found = pod.getContainers().stream().flatMap(c -> c.getPorts().stream())
                            .anyMatch(p -> target.getStrVal() != null ? target.getStrVal().equals(p.getName())
                                    : target.getIntVal().equals(p.getContainerPort()));
                    if (!found) {
                        problems.add(m + " port " + port.getName() + " -> " + target + " is no container port");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        for (String role : Roles.ALL) {
            Service service = (Service) KubernetesModel.load(manifest("Service", role));
            assertThat(service.getSpec().getPorts()).singleElement()
                    .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
        }
    }

    // ------------------------------------------------------------------ environment variables

    @Test
    void everyVariableTheDeploymentSetsReachesAProperty() {
        Map<String, String> unknown = new LinkedHashMap<>();
        composeVariables().forEach((name, where) -> check(AppConfig.APP, name, where, unknown));
        k8sVariables().forEach((name, where) -> check(AppConfig.APP, name, where, unknown));
        Compose.environment(Compose.service("insurer-simulator")).keySet()
                .forEach(name -> check(AppConfig.SIMULATOR, name, "compose insurer-simulator", unknown));
        assertThat(unknown).as("variables that reach no property of application*.yml, no standard Spring Boot "
                + "property").isEmpty();
        assertThat(composeVariables()).containsKeys("SPRING_DATASOURCE_URL", "POLICYHUB_REDIS_URI",
                "POLICYHUB_CLICKHOUSE_URL", "POLICYHUB_CLICKHOUSE_SHARDS", "POLICYHUB_JWT_KEY_DIR", "AXONSERVER_SERVERS");
        assertThat(k8sVariables()).containsKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_PASSWORD",
                "POLICYHUB_REDIS_URI", "POLICYHUB_CLICKHOUSE_URL", "POLICYHUB_CLICKHOUSE_SHARDS",
                "POLICYHUB_CLICKHOUSE_PASSWORD", "POLICYHUB_JWT_KEY_DIR", "AXONSERVER_SERVERS", "POLICYHUB_MIGRATE_ONLY");
    }

    @Test
    void theConfigurationReaderSeesWhatTheApplicationDeclaresAndReads() {
        assertThat(AppConfig.readByCode()).as("the scanner finds @Value names").contains("policyhub.redis.uri");
        assertThat(AppConfig.APP.properties()).contains("policyhub.clickhouse.url", "policyhub.clickhouse.username",
                "policyhub.clickhouse.password", "policyhub.clickhouse.shards", "policyhub.redis.uri",
                "policyhub.roles.command", "policyhub.roles.projections", "policyhub.roles.query",
                "policyhub.roles.messenger", "policyhub.migrate-only",
                "spring.datasource.hikari.maximum-pool-size", "policyhub.security.bootstrap-admin.user-id");
    }

    private static void check(AppConfig config, String name, String where, Map<String, String> unknown) {
        boolean checked = CHECKED_ENV.matcher(name).matches() || config == AppConfig.SIMULATOR;
        if (checked && config.propertyFor(name) == null) {
            unknown.put(name, where);
        }
    }

    @Test
    void theVariableCheckUsesSpringBootsRelaxedBinding() {
        assertThat(AppConfig.binds("POLICYHUB_CLICKHOUSE_URL", "policyhub.clickhouse.url")).isTrue();
        assertThat(AppConfig.binds("POLICYHUB_MIGRATE_ONLY", "policyhub.migrate-only")).isTrue();
        assertThat(AppConfig.binds("POLICYHUB_MIGRATEONLY", "policyhub.migrate-only")).isTrue();
        assertThat(AppConfig.binds("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", "spring.datasource.hikari.maximum-pool-size")).isTrue();
        assertThat(AppConfig.binds("POLICYHUB_CLICKHOUSE_URLL", "policyhub.clickhouse.url")).isFalse();
        assertThat(AppConfig.binds("POLICYHUB_CLICKHOUSE", "policyhub.clickhouse.url")).isFalse();

        assertThat(AppConfig.APP.propertyFor("POLICYHUB_READ_YOUR_WRITES_TIMEOUT")).isEqualTo("policyhub.read-your-writes.timeout");
        assertThat(AppConfig.APP.propertyFor("POLICYHUB_JWT_KEY_DIR")).isEqualTo("${POLICYHUB_JWT_KEY_DIR}");
        assertThat(AppConfig.APP.propertyFor("POLICYHUB_ROLES_QUERY")).isEqualTo("policyhub.roles.query");
        assertThat(AppConfig.APP.propertyFor("POLICYHUB_READ_YOUR_WRITE_TIMEOUT")).isNull();
        assertThat(AppConfig.APP.propertyFor("SPRING_DATASOURCE_PASWORD")).isNull();
        assertThat(AppConfig.SIMULATOR.propertyFor("SERVER_ADDRESS")).isEqualTo("server.address");
    }

    /** Variable -> where it is set, for every service running the PolicyHub image. */
    private static Map<String, String> composeVariables() {
        Map<String, String> vars = new LinkedHashMap<>();
        Compose.policyhubServices().forEach((name, service) -> {
            if (!name.equals("insurer-simulator")) {
                Compose.environment(service).keySet().forEach(k -> vars.putIfAbsent(k, "compose " + name));
            }
        });
        return vars;
    }

    /** Variable -> where it is set, for every PolicyHub container of every manifest (incl. env files). */
    private static Map<String, String> k8sVariables() {
        Map<String, String> vars = new LinkedHashMap<>();
        for (Kustomize.Manifest m : Kustomize.manifests()) {
            if (!Set.of("Deployment", "StatefulSet", "Job").contains(m.kind())) {
                continue;
            }
            for (Container c : podSpec(KubernetesModel.load(m.document())).getContainers()) {
                boolean policyhub = String.valueOf(c.getImage()).startsWith(IMAGE)
                        || Set.of("policyhub", "migrate").contains(c.getName());
                if (!policyhub || (c.getCommand() != null && String.join(" ", c.getCommand()).contains("insurer-simulator"))) {
                    continue;
                }
                c.getEnv().forEach(e -> vars.putIfAbsent(e.getName(), m.toString()));
                for (EnvFromSource from : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null) {
                        Map<String, String> generated = Kustomize.generatedEnv(from.getConfigMapRef().getName());
                        assertThat(generated).as("ConfigMap %s of %s", from.getConfigMapRef().getName(), m).isNotEmpty();
                        generated.keySet().forEach(k -> vars.putIfAbsent(k, "ConfigMap " + from.getConfigMapRef().getName()));
                    }
                }
            }
        }
        return vars;
    }

    // ------------------------------------------------------------------ image and roles

    @Test
    void oneImageRunsEveryPolicyHubProcess() {
        String version = Repo.releaseVersion();
        Set<String> composeImages = new TreeSet<>();
        Compose.policyhubServices().values().forEach(s -> composeImages.add(String.valueOf(s.get("image"))));
        assertThat(composeImages).containsExactly(IMAGE + ":${POLICYHUB_VERSION:-" + version + "}");
        assertThat(Compose.policyhubServices()).containsKeys("migrate", "command", "projections", "query",
                "messenger", "insurer-simulator");
        Compose.policyhubServices().forEach((name, s) -> {
            assertThat(Repo.at(s, "build.context")).as("build context of %s", name).isEqualTo("..");
            assertThat(Repo.at(s, "build.dockerfile")).as("Dockerfile of %s", name).isEqualTo("Dockerfile");
        });
        assertThat(Repo.read("compose/.env.example")).contains("POLICYHUB_VERSION=" + version);

        Set<String> k8sImages = new TreeSet<>();
        for (Kustomize.Manifest m : Kustomize.manifests()) {
            if (Set.of("Deployment", "StatefulSet", "Job").contains(m.kind())) {
                podSpec(KubernetesModel.load(m.document())).getContainers().stream()
                        .map(Container::getImage).filter(i -> i != null && i.contains("policyhub/"))
                        .forEach(k8sImages::add);
            }
        }
        assertThat(k8sImages).containsExactly(IMAGE + ":" + version);
        for (Kustomize.Kustomization k : Kustomize.all()) {
            for (Map<String, Object> image : k.generators("images")) {
                assertThat(image.get("name")).isEqualTo(IMAGE);
                assertThat(String.valueOf(image.get("newTag"))).as(Repo.relative(k.file())).isEqualTo(version);
            }
        }
    }

    @Test
    void eachRoleRunsExactlyItsOwnRoleInComposeAndKubernetes() {
        for (String role : Roles.ALL) {
            assertThat(Roles.switchProblems(role, Compose.environment(Compose.service(role)))).as("compose " + role).isEmpty();
            Deployment deployment = (Deployment) KubernetesModel.load(manifest("Deployment", role));
            assertThat(Roles.switchProblems(role, env(policyhubContainer(deployment.getSpec().getTemplate().getSpec(), role))))
                    .as("k8s " + role).isEmpty();
        }
        Job job = (Job) KubernetesModel.load(manifest("Job", "policyhub-migrate"));
        Map<String, String> jobEnv = env(job.getSpec().getTemplate().getSpec().getContainers().get(0));
        assertThat(Roles.switchProblems(null, jobEnv)).isEmpty();
        assertThat(jobEnv).containsEntry("POLICYHUB_MIGRATE_ONLY", "true").containsEntry("SPRING_FLYWAY_ENABLED", "true");
        assertThat(Kustomize.generatedEnv("policyhub-env")).containsEntry("SPRING_FLYWAY_ENABLED", "false")
                .containsEntry("SPRING_PROFILES_ACTIVE", "axonserver");
    }

    @Test
    void theRoleCheckCatchesWrongSwitches() {
        Map<String, String> twoRoles = Map.of("POLICYHUB_ROLES_COMMAND", "true", "POLICYHUB_ROLES_PROJECTIONS", "false",
                "POLICYHUB_ROLES_QUERY", "true", "POLICYHUB_ROLES_MESSENGER", "false");
        assertThat(Roles.switchProblems("command", twoRoles)).singleElement().asString().contains("POLICYHUB_ROLES_QUERY");
        assertThat(Roles.switchProblems("query", Map.of("POLICYHUB_ROLES_QUERY", "true"))).hasSize(3);
    }

    @Test
    void everyRoleTalksToAxonServerWithTheSameSettings() {
        for (String role : Roles.ALL) {
            Map<String, String> env = Compose.environment(Compose.service(role));
            assertThat(env).as(role).containsEntry("SPRING_PROFILES_ACTIVE", "axonserver")
                    .containsEntry("AXONSERVER_SERVERS", "axonserver:8124")
                    .containsEntry("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        }
        assertThat(Kustomize.generatedEnv("policyhub-env")).containsEntry("AXONIQ_UPDATE_CHECKER_DISABLED", "true")
                .containsKey("AXONSERVER_SERVERS");
        assertThat(AppConfig.APP.placeholders()).contains("AXONSERVER_SERVERS");
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, Object> manifest(String kind, String name) {
        Kustomize.Manifest m = base.get(kind + "/" + name);
        assertThat(m).as("k8s/base has %s %s", kind, name).isNotNull();
        return m.document();
    }

    /** The pod spec of a workload; an empty one for patches that change no pod template. */
    static PodSpec podSpec(Object workload) {
        PodTemplateSpec template = null;
        if (workload instanceof Deployment d && d.getSpec() != null) {
            template = d.getSpec().getTemplate();
        } else if (workload instanceof StatefulSet s && s.getSpec() != null) {
            template = s.getSpec().getTemplate();
        } else if (workload instanceof Job j && j.getSpec() != null) {
            template = j.getSpec().getTemplate();
        }
        return template == null || template.getSpec() == null ? new PodSpec() : template.getSpec();
    }

    private static boolean selects(Map<String, String> selector, Kustomize.Manifest workload) {
        if (!Set.of("Deployment", "StatefulSet").contains(workload.kind())) {
            return false;
        }
        Map<String, Object> labels = Repo.map(Repo.at(workload.document(), "spec.template.metadata.labels"));
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static Container policyhubContainer(PodSpec pod, String role) {
        assertThat(pod.getContainers()).as(role + " containers").singleElement();
        Container c = pod.getContainers().get(0);
        assertThat(c.getImage()).as(role + " image").startsWith(IMAGE + ":");
        return c;
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : container.getEnv()) {
            env.put(e.getName(), e.getValue());
        }
        return env;
    }

    private static void assertProbe(String what, Probe probe, Container container, String path, int port) {
        assertThat(probe).as(what).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as(what + " is an HTTP GET").isNotNull();
        assertThat(get.getPath()).as(what + " path").isEqualTo(path);
        IntOrString p = get.getPort();
        int resolved = p.getIntVal() != null ? p.getIntVal()
                : container.getPorts().stream().filter(cp -> p.getStrVal().equals(cp.getName()))
                        .map(ContainerPort::getContainerPort).findFirst().orElse(-1);
        assertThat(resolved).as(what + " port").isEqualTo(port);
    }
}
