package io.policyhub.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Prometheus scrapes /actuator/prometheus of every role instance; Grafana shows what matters. */
class MonitoringTest {

    @Test
    void composePrometheusScrapesEveryRole() {
        Map<String, Object> config = Repo.yamlMap("compose/prometheus/prometheus.yml");
        Map<String, Object> job = job(config, "policyhub");
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        List<String> targets = new ArrayList<>();
        for (Object sd : Repo.list(job.get("dns_sd_configs"))) {
            Map<String, Object> dns = Repo.map(sd);
            Repo.list(dns.get("names")).forEach(n -> targets.add(n + ":" + dns.get("port")));
        }
        for (Object sc : Repo.list(job.get("static_configs"))) {
            Repo.list(Repo.map(sc).get("targets")).forEach(t -> targets.add(String.valueOf(t)));
        }
        assertThat(targets).containsExactlyInAnyOrderElementsOf(Roles.ALL.stream().map(r -> r + ":8080").toList());
        assertThat(Compose.services()).containsKeys(Roles.ALL.toArray(String[]::new));
        assertThat(Repo.list(Compose.service("prometheus").get("volumes")))
                .contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    }

    @Test
    void everyRolePodAsksToBeScrapedAndThePlainPrometheusHonoursIt() {
        for (String role : Roles.ALL) {
            Map<String, Object> annotations = Repo.map(Repo.at(
                    Kustomize.base().get("Deployment/" + role).document(), "spec.template.metadata.annotations"));
            assertThat(annotations).as(role).containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/actuator/prometheus")
                    .containsEntry("prometheus.io/port", "8080");
        }
        Map<String, Object> config = Repo.yamlMap("k8s/components/prometheus/scrape-config.yml");
        Map<String, Object> job = job(config, "policyhub-pods");
        assertThat(Repo.list(job.get("kubernetes_sd_configs"))).singleElement()
                .satisfies(sd -> assertThat(Repo.map(sd)).containsEntry("role", "pod"));
        String relabel = Repo.list(job.get("relabel_configs")).toString();
        assertThat(relabel).contains("__meta_kubernetes_pod_annotation_prometheus_io_scrape",
                "__meta_kubernetes_pod_annotation_prometheus_io_path", "__meta_kubernetes_pod_annotation_prometheus_io_port",
                "target_label=role", "target_label=namespace", "target_label=pod");
    }

    @Test
    void theServiceMonitorSelectsEveryRoleService() {
        Map<String, Object> monitor = Kustomize.manifests().stream().filter(m -> m.kind().equals("ServiceMonitor"))
                .findFirst().orElseThrow().document();
        List<Object> expressions = Repo.list(Repo.at(monitor, "spec.selector.matchExpressions"));
        assertThat(Repo.at(monitor, "spec.selector.matchLabels")).isNull();
        for (String role : Roles.ALL) {
            Map<String, Object> service = Kustomize.base().get("Service/" + role).document();
            Map<String, Object> labels = Repo.map(Repo.at(service, "metadata.labels"));
            for (Object e : expressions) {
                Map<String, Object> expression = Repo.map(e);
                assertThat(expression.get("operator")).isEqualTo("In");
                assertThat(Repo.list(expression.get("values"))).as("%s label %s", role, expression.get("key"))
                        .contains(labels.get(String.valueOf(expression.get("key"))));
            }
            List<Object> ports = Repo.list(Repo.at(service, "spec.ports"));
            Map<String, Object> endpoint = Repo.map(Repo.list(Repo.at(monitor, "spec.endpoints")).get(0));
            assertThat(endpoint).containsEntry("path", "/actuator/prometheus");
            assertThat(ports).extracting(p -> Repo.map(p).get("name")).contains(endpoint.get("port"));
        }
        // and nothing else of the namespace: the api-router's Service is not a role
        Map<String, Object> apiRouter = Repo.map(Repo.at(Kustomize.base().get("Service/api-router").document(), "metadata.labels"));
        assertThat(expressions).anySatisfy(e -> assertThat(Repo.list(Repo.map(e).get("values")))
                .doesNotContain(apiRouter.get(String.valueOf(Repo.map(e).get("key")))));
    }

    @Test
    void grafanaIsProvisionedWithPrometheusAndTheDashboard() {
        Map<String, Object> datasources = Repo.yamlMap("k8s/components/grafana/provisioning/datasources/datasources.yml");
        Map<String, Object> prometheus = Repo.map(Repo.list(datasources.get("datasources")).get(0));
        assertThat(prometheus).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
        Map<String, Object> provider = Repo.map(Repo.list(
                Repo.yamlMap("k8s/components/grafana/provisioning/dashboards/policyhub.yml").get("providers")).get(0));
        String dashboards = String.valueOf(Repo.at(provider, "options.path"));
        assertThat(Repo.list(Compose.service("grafana").get("volumes")))
                .contains("../k8s/components/grafana/provisioning:/etc/grafana/provisioning:ro",
                        "../k8s/components/grafana-dashboards/dashboards:" + dashboards + ":ro");

        JsonNode dashboard = dashboard();
        List<String> uids = new ArrayList<>();
        dashboard.findValues("datasource").forEach(d -> uids.add(d.path("uid").asText()));
        assertThat(uids).isNotEmpty().containsOnly(String.valueOf(prometheus.get("uid")));
    }

    @Test
    void theDashboardShowsLatencyErrorsThroughputLagCommandsAndTheJvm() {
        String exprs = String.join("\n", dashboard().findValuesAsText("expr"));
        assertThat(exprs).contains(
                "histogram_quantile(0.50, sum by (le, method, uri) (rate(http_server_requests_seconds_bucket",
                "histogram_quantile(0.95, sum by (le, method, uri) (rate(http_server_requests_seconds_bucket",
                "histogram_quantile(0.99, sum by (le, method, uri) (rate(http_server_requests_seconds_bucket",
                "status=~\"5..\"",
                "sum by (method, uri) (rate(http_server_requests_seconds_count",
                "policyhub_processor_lag",
                "by (processor)",
                "policyhub_command_seconds_count",
                "policyhub_command_seconds_sum",
                "jvm_memory_used_bytes",
                "jvm_gc_pause_seconds",
                "jvm_threads_live_threads");
        // the histogram it relies on is switched on in the application
        assertThat(Repo.at(Repo.yamlMap("app/src/main/resources/application.yml"),
                "management.metrics.distribution.percentiles-histogram")).asString().contains("http.server.requests=true");
    }

    private static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(Repo.read("k8s/components/grafana-dashboards/dashboards/policyhub.json"));
        } catch (Exception e) {
            throw new AssertionError("dashboard JSON does not parse: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> job(Map<String, Object> config, String name) {
        return Repo.list(config.get("scrape_configs")).stream().map(Repo::map)
                .filter(j -> name.equals(j.get("job_name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no scrape job " + name));
    }

    /** Every exporter and store the alert rules speak of is scraped, and the alerts reach Alertmanager. */
    @Test
    void composePrometheusLoadsTheRulesScrapesTheExportersAndAlertsAlertmanager() {
        Map<String, Object> config = Repo.yamlMap("compose/prometheus/prometheus.yml");
        assertThat(Repo.list(config.get("rule_files"))).containsExactly("/etc/prometheus/rules/*.yml");
        assertThat(Repo.list(Compose.service("prometheus").get("volumes"))).contains("./prometheus/rules:/etc/prometheus/rules:ro");
        assertThat(String.valueOf(config.get("alerting"))).contains("alertmanager:9093");
        List<String> jobs = Repo.list(config.get("scrape_configs")).stream()
                .map(job -> String.valueOf(Repo.map(job).get("job_name"))).toList();
        assertThat(jobs).contains("policyhub", "axonserver", "postgres", "redis", "nginx", "clickhouse");
        String rules = Repo.read("compose/prometheus/rules/policyhub.yml");
        for (String job : List.of("policyhub", "axonserver", "postgres", "redis", "nginx", "clickhouse")) {
            assertThat(rules).as("an alert for job %s", job).contains("job=\"" + job + "\"");
        }
        assertThat(Repo.read("compose/nginx/default.conf")).contains("listen 8081;", "stub_status;");
        assertThat(String.valueOf(Compose.service("nginx-exporter").get("command"))).contains("http://edge:8081/stub_status");
        Map<String, Object> alertmanager = Repo.yamlMap("compose/alertmanager/alertmanager.yml");
        assertThat(String.valueOf(Repo.at(alertmanager, "route.receiver"))).isEqualTo("webhook");
        assertThat(String.valueOf(alertmanager.get("receivers"))).contains("webhook_configs", "url_file=/tmp/webhook-url");
    }

    @Test
    void kubernetesAlertsWithTheSameRulesAsCompose() {
        Map<String, Object> rule = Kustomize.manifests().stream().filter(m -> m.kind().equals("PrometheusRule"))
                .findFirst().orElseThrow().document();
        assertThat(Repo.at(rule, "spec.groups")).isEqualTo(Repo.yamlMap("compose/prometheus/rules/policyhub.yml").get("groups"));
    }

    /** Kubernetes runs the same Grafana provisioning and dashboards as compose: the local overlay's Grafana, the sidecar's ConfigMap. */
    @Test
    void kubernetesGrafanaMountsTheSameProvisioningAndDashboards() {
        Map<String, Object> grafana = Kustomize.manifests().stream()
                .filter(m -> m.kind().equals("Deployment") && "grafana".equals(Repo.at(m.document(), "metadata.name")))
                .findFirst().orElseThrow().document();
        String volumes = String.valueOf(Repo.at(grafana, "spec.template.spec.volumes"));
        assertThat(volumes).contains("grafana-datasources", "grafana-dashboard-providers", "grafana-dashboards");
        String mounts = String.valueOf(Repo.list(Repo.at(grafana, "spec.template.spec.containers")).get(0));
        assertThat(mounts).contains("/etc/grafana/provisioning/datasources", "/etc/grafana/provisioning/dashboards",
                "/var/lib/grafana/dashboards");
        String dashboards = Repo.read("k8s/components/grafana-dashboards/kustomization.yaml");
        assertThat(dashboards).contains("dashboards/policyhub.json", "grafana_dashboard: \"1\"");
        for (String overlay : List.of("local", "production")) {
            assertThat(Repo.read("k8s/overlays/" + overlay + "/kustomization.yaml")).as(overlay)
                    .contains("../../components/grafana-dashboards");
        }
    }
}
