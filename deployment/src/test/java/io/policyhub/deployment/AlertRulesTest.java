package io.policyhub.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * promtool (Prometheus' own checker, from Debian's package: scripts/promtool.sh) parses the alert
 * rules of compose and Kubernetes and every query of the Grafana dashboards. Without promtool these
 * tests say skipped with the reason; under CI they fail, since CI provides it.
 */
class AlertRulesTest {

    private static Path promtool;

    @BeforeAll
    static void findPromtool() {
        Path local = Repo.path(".local/tools/promtool");
        if (Files.isExecutable(local)) {
            promtool = local;
            return;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "promtool"))) {
                promtool = Path.of(dir, "promtool");
                return;
            }
        }
        String reason = "promtool is missing: run scripts/promtool.sh (make test does)";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(reason);
        }
        assumeTrue(false, reason);
    }

    @Test
    void theComposeRulesParse() throws Exception {
        assertThat(check(Repo.path("compose/prometheus/rules/policyhub.yml"))).contains("SUCCESS: 22 rules found");
    }

    @Test
    void aBrokenRuleIsRefused(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.yml");
        Files.writeString(broken, """
                groups:
                  - name: broken
                    rules:
                      - alert: Broken
                        expr: sum(rate(http_server_requests_seconds_count[5m]) > 
                """);
        assertThat(run(broken).exitCode()).isNotZero();
    }

    /** Each panel query becomes a recording rule, Grafana's variables replaced by values, so promtool parses it. */
    @Test
    void everyDashboardQueryParses(@TempDir Path dir) throws Exception {
        List<String> rules = new ArrayList<>();
        for (Path dashboard : Repo.files("k8s/components/grafana-dashboards/dashboards", ".json")) {
            JsonNode root = new ObjectMapper().readTree(dashboard.toFile());
            for (JsonNode panel : root.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText("")
                            .replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$role", ".*");
                    rules.add("      - record: dashboard:panel_%d_%s%n        expr: %s".formatted(
                            panel.path("id").asInt(), target.path("refId").asText(), new ObjectMapper().writeValueAsString(expr)));
                }
            }
        }
        assertThat(rules).hasSizeGreaterThan(30);
        Path file = dir.resolve("dashboard-queries.yml");
        Files.writeString(file, "groups:\n  - name: dashboard-queries\n    rules:\n" + String.join("\n", rules) + "\n");
        assertThat(check(file)).contains("SUCCESS: " + rules.size() + " rules found");
    }

    @Test
    void theKubernetesRulesParse(@TempDir Path dir) throws Exception {
        Map<String, Object> rule = Kustomize.manifests().stream().filter(m -> m.kind().equals("PrometheusRule"))
                .findFirst().orElseThrow().document();
        Path file = dir.resolve("k8s-rules.yml");
        Files.writeString(file, Repo.yaml().dump(Map.of("groups", Repo.at(rule, "spec.groups"))));
        assertThat(check(file)).contains("SUCCESS: 22 rules found");
    }

    private static String check(Path rules) throws IOException, InterruptedException {
        Result result = run(rules);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output();
    }

    private static Result run(Path rules) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(promtool.toString(), "check", "rules", rules.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
