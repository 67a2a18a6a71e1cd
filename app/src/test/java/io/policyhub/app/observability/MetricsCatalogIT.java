package io.policyhub.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.policyhub.app.support.Api;
import io.policyhub.app.support.InsurerSimulator;
import io.policyhub.app.support.IntegrationTest;
import io.policyhub.app.support.TestMode;
import io.policyhub.app.support.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every metric of the application that an alert rule or a dashboard panel names is one the
 * application really exposes at /actuator/prometheus, once it has done a bit of everything: a rule
 * over a misspelt or renamed metric would never fire, a panel would stay empty.
 */
@IntegrationTest
@ExtendWith(InsurerSimulator.Prompt.class)
class MetricsCatalogIT {

    /** The metric families the application exposes; exporters' (pg_, redis_, nginx_) and `up` are Prometheus' own business. */
    private static final Pattern APPLICATION_METRIC =
            Pattern.compile("\\b((?:policyhub|http_server|hikaricp|resilience4j|jvm|executor|tomcat)_[a-z0-9_]+)\\b");
    /** Only the PostgreSQL event store has a group commit. */
    private static final Set<String> POSTGRES_ENGINE_ONLY = Set.of("policyhub_event_store_commit_seconds_sum",
            "policyhub_event_store_commit_seconds_count", "policyhub_event_store_commit_seconds_max");

    @LocalServerPort
    int port;

    @Test
    void everyMetricARuleOrAPanelNamesIsExposed() throws IOException {
        exerciseEverything();
        Set<String> named = new TreeSet<>();
        named.addAll(metricsIn(Files.readString(Path.of("..", "compose", "prometheus", "rules", "policyhub.yml"))));
        try (Stream<Path> dashboards = Files.list(Path.of("..", "k8s", "components", "grafana-dashboards", "dashboards"))) {
            for (Path dashboard : dashboards.toList()) {
                JsonNode root = JsonMapper.builder().build().readTree(dashboard.toFile());
                for (JsonNode panel : root.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        named.addAll(metricsIn(target.path("expr").asString("")));
                    }
                }
            }
        }
        if (TestMode.axonServer()) {
            named.removeAll(POSTGRES_ENGINE_ONLY);
        }
        assertThat(named).as("metrics the rules and panels name").hasSizeGreaterThan(20);

        String scrape = new Api(port).get("/actuator/prometheus", null).body();
        Set<String> exposed = new TreeSet<>();
        Matcher line = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape);
        while (line.find()) {
            exposed.add(line.group(1));
        }
        assertThat(named).as("named by a rule or panel but not exposed").isSubsetOf(exposed);
    }

    private static Set<String> metricsIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher metric = APPLICATION_METRIC.matcher(text);
        while (metric.find()) {
            names.add(metric.group(1));
        }
        return names;
    }

    /** A deposit, a chat with its history and a WebSocket frame, an application with its insurer calls. */
    private void exerciseEverything() {
        Api api = new Api(port);
        Api.User alice = api.newUser();
        Api.User bob = api.newUser();
        assertThat(api.post("/api/v1/accounts/me/deposits", alice.token(), "{\"amount\": 10}").status()).isEqualTo(200);
        String chatId = api.post("/api/v1/chats", alice.token(), "{\"companionId\": \"" + bob.userId() + "\"}")
                .json().get("chatId").asString();
        assertThat(api.post("/api/v1/chats/" + chatId + "/messages", alice.token(), "{\"text\": \"hi\"}").status()).isEqualTo(202);
        assertThat(api.get("/api/v1/chats/" + chatId + "/messages", bob.token()).status()).isEqualTo(200);
        try (WebSocketClient socket = WebSocketClient.connect(port, bob.token())) {
            socket.subscribe("chat:" + chatId);
            assertThat(socket.next("subscribed", Duration.ofSeconds(10))).isNotNull();
        }
        Api.Response submitted = api.post("/api/v1/insurance/applications", alice.token(), "application/json",
                InsurerSimulator.APPLICATION, UUID.randomUUID().toString());
        assertThat(submitted.status()).isEqualTo(202);
        api.awaitCompleted(alice, submitted.json().get("applicationId").asString(), Duration.ofSeconds(60));
    }
}
