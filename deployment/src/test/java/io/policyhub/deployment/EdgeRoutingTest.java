package io.policyhub.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;

/**
 * arch.homework sends every endpoint of the application to the role that serves it, in compose
 * (nginx edge) and in Kubernetes (Ingress + api-router). The endpoints are read from the
 * controllers' mapping annotations, so a new endpoint that the routing would miss fails here.
 */
class EdgeRoutingTest {

    private static final Map<String, String> ROLE_OF_MODULE = Map.of(
            "command-side", "command", "query-side", "query", "projections", "projections", "messenger", "messenger");

    private final Nginx edge = new Nginx(Repo.read("compose/nginx/default.conf"));
    private final Nginx apiRouter = new Nginx(Repo.read("k8s/base/api-router/default.conf"));

    record Endpoint(String method, String path, String role, String source) {
    }

    @Test
    void everyEndpointReachesItsRoleInCompose() {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).as("endpoints found in the controllers").hasSizeGreaterThan(20);
        assertThat(endpoints).extracting(Endpoint::role).contains("command", "query", "projections", "messenger");
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : endpoints) {
            Optional<String> target = edge.upstreamFor(e.method(), e.path());
            if (!target.equals(Optional.of(e.role()))) {
                wrong.add(e + " -> " + target.orElse("nginx itself"));
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyEndpointReachesItsRoleInKubernetes() {
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            String target = ingressTarget(e.path());
            if ("api-router".equals(target)) {
                target = apiRouter.upstreamFor(e.method(), e.path()).orElse("api-router itself");
            }
            if (!e.role().equals(target)) {
                wrong.add(e + " -> " + target);
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** The client's X-Request-Id, or one the edge makes, reaches every role: a location with headers of its own repeats it. */
    @Test
    void everyProxiedRequestCarriesARequestIdInBothDeployments() {
        for (Nginx nginx : List.of(edge, apiRouter)) {
            assertThat(nginx.map("http_x_request_id", "policyhub_request_id"))
                    .containsEntry("default", "$http_x_request_id").containsEntry("", "$request_id");
            String serverLevel = nginx.text().substring(0, nginx.text().indexOf("location"));
            assertThat(serverLevel).contains("proxy_set_header X-Request-Id $policyhub_request_id;");
            for (Nginx.Location location : nginx.locations()) {
                if (location.proxyPass() != null && !location.headers().isEmpty()) {
                    assertThat(location.headers()).as(location.path()).containsEntry("X-Request-Id", "$policyhub_request_id");
                }
            }
        }
    }

    @Test
    void theEdgeServesArchHomeworkAndUpgradesWebSockets() {
        assertThat(edge.serverNames()).contains("arch.homework");
        Nginx.Location ws = edge.location("/ws").orElseThrow();
        assertThat(ws.exact()).isTrue();
        assertThat(ws.headers()).containsEntry("Upgrade", "$http_upgrade").containsKey("Connection")
                .containsKeys("Host", "X-Forwarded-For");
        assertThat(ws.body()).contains("proxy_read_timeout 3600s");
        assertThat(edge.text()).contains("proxy_http_version 1.1");
        // a browser's handshake is refused unless its Origin names the Host the role sees, port included
        assertThat(ws.headers()).containsEntry("Host", "$http_host").containsEntry("X-Forwarded-Port", "$policyhub_forwarded_port");
        assertThat(edge.text()).contains("map \"$scheme:$http_host\" $policyhub_forwarded_port");
        assertThat(edge.text()).doesNotContain("Host $host;");
        // actuator and anything unknown stay inside, but for the health that clients check
        assertThat(edge.upstreamFor("GET", "/actuator/prometheus")).isEmpty();
        assertThat(edge.upstreamFor("GET", "/healthz")).isEmpty();
        assertThat(edge.upstreamFor("GET", "/actuator/health")).contains("query");
    }

    /** {@code /graphql} has no mapping annotation (Spring for GraphQL serves it): queries and the subscriptions' upgrade. */
    @Test
    void graphQlReachesTheQueryRoleWithWebSocketsInBothDeployments() {
        assertThat(edge.upstreamFor("POST", "/graphql")).contains("query");
        assertThat(edge.upstreamFor("GET", "/graphql")).contains("query");
        Nginx.Location graphql = edge.location("/graphql").orElseThrow();
        assertThat(graphql.exact()).isTrue();
        assertThat(graphql.headers()).containsEntry("Upgrade", "$http_upgrade").containsKey("Connection")
                .containsEntry("X-Request-Id", "$policyhub_request_id");
        assertThat(graphql.body()).contains("proxy_read_timeout 3600s");
        assertThat(ingressTarget("/graphql")).isEqualTo("query");
        Ingress realtime = ingresses().stream().filter(i -> i.getMetadata().getName().equals("policyhub-realtime"))
                .findFirst().orElseThrow();
        assertThat(realtime.getSpec().getRules().get(0).getHttp().getPaths())
                .anyMatch(p -> p.getPath().equals("/graphql") && p.getPathType().equals("Exact"));
        assertThat(edge.upstreamFor("GET", "/graphiql/")).as("the console is the local profile's only").isEmpty();
    }

    /** The console's page and files have no mapping annotation (static resources of the query role). */
    @Test
    void theWebConsoleIsServedByTheQueryRoleInBothDeployments() {
        for (String path : List.of("/", "/index.html", "/console/app.js", "/console/pages/chats.js", "/console/styles.css")) {
            assertThat(edge.upstreamFor("GET", path)).as("compose %s", path).contains("query");
            String target = ingressTarget(path);
            assertThat(target).as("ingress %s", path).isEqualTo("api-router");
            assertThat(apiRouter.upstreamFor("GET", path)).as("api-router %s", path).contains("query");
        }
        assertThat(edge.upstreamFor("GET", "/swagger-ui/index.html")).as("nothing else at the root").isEmpty();
        assertThat(ingressTarget("/swagger-ui/index.html")).isNull();
        String page = Repo.read("console/src/index.html");
        assertThat(page).contains("src=\"/console/app.js\"").contains("href=\"/console/styles.css\"");
    }

    /** The old messenger's socket upgrades like /ws; the live page's events pass unbuffered. */
    @Test
    void theOldMessengersSocketAndTheLivePagesEventsStreamInBothDeployments() {
        Nginx.Location legacy = edge.location("/messenger/ws").orElseThrow();
        assertThat(legacy.exact()).isTrue();
        assertThat(legacy.headers()).containsEntry("Upgrade", "$http_upgrade").containsKey("Connection");
        assertThat(legacy.body()).contains("proxy_read_timeout 3600s");
        assertThat(edge.upstreamFor("GET", "/messenger/ws")).contains("messenger");
        assertThat(ingressTarget("/messenger/ws")).isEqualTo("messenger");

        for (Nginx nginx : List.of(edge, apiRouter)) {
            Nginx.Location events = nginx.location("/api/v1/public/activity/stream").orElseThrow();
            assertThat(events.body()).contains("proxy_buffering off").contains("proxy_read_timeout 3600s");
            assertThat(nginx.upstreamFor("GET", "/api/v1/public/activity/stream")).contains("query");
        }
        assertThat(ingressTarget("/api/v1/public/activity/stream")).as("the hour-long timeouts of the realtime Ingress").isEqualTo("query");
    }

    @Test
    void theHealthThatThePostmanCollectionChecksIsRoutedInBothDeployments() {
        String collection = Repo.read("postman/policyhub.postman_collection.json");
        assertThat(collection).contains("{{baseUrl}}/actuator/health\"");
        assertThat(edge.upstreamFor("GET", "/actuator/health")).contains("query");
        assertThat(ingressTarget("/actuator/health")).isEqualTo("api-router");
        assertThat(apiRouter.upstreamFor("GET", "/actuator/health")).contains("query");
        assertThat(apiRouter.upstreamFor("GET", "/actuator/prometheus")).isEmpty();
    }

    @Test
    void upstreamsAreTheRolesOnTheirPort() {
        for (Nginx config : List.of(edge, apiRouter)) {
            for (String role : Roles.ALL) {
                assertThat(config.upstreams().get(role)).as("upstream %s", role).containsExactly(role + ":8080");
            }
        }
        assertThat(Compose.services()).containsKeys(Roles.ALL.toArray(String[]::new));
        assertThat(Kustomize.base()).containsKeys(Roles.ALL.stream().map(r -> "Service/" + r).toArray(String[]::new));
    }

    @Test
    void theIngressServesArchHomeworkWithWebSocketTimeouts() {
        List<Ingress> ingresses = ingresses();
        assertThat(ingresses).hasSize(2);
        for (Ingress ingress : ingresses) {
            assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
            assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost).containsOnly("arch.homework");
        }
        Ingress realtime = ingresses.stream().filter(i -> i.getMetadata().getName().equals("policyhub-realtime"))
                .findFirst().orElseThrow();
        assertThat(realtime.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "3600");
        assertThat(ingressTarget("/ws")).isEqualTo("messenger");
        Map<String, Kustomize.Manifest> base = Kustomize.base();
        for (Ingress ingress : ingresses) {
            for (HTTPIngressPath p : ingress.getSpec().getRules().get(0).getHttp().getPaths()) {
                String service = p.getBackend().getService().getName();
                assertThat(base).as("backend Service %s", service).containsKey("Service/" + service);
                assertThat(Repo.list(Repo.at(base.get("Service/" + service).document(), "spec.ports")))
                        .extracting(port -> Repo.map(port).get("name"))
                        .contains(p.getBackend().getService().getPort().getName());
            }
        }
    }

    @Test
    void composeAndKubernetesSplitApiByMethodTheSameWay() {
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
            String expected = method.equals("GET") || method.equals("HEAD") ? "query" : "command";
            for (String path : List.of("/api/v1/orders", "/api/v1/profile", "/api/v9/anything/new")) {
                assertThat(edge.upstreamFor(method, path)).as("compose %s %s", method, path).contains(expected);
                assertThat(apiRouter.upstreamFor(method, path)).as("api-router %s %s", method, path).contains(expected);
            }
        }
    }

    @Test
    void theCheckerNoticesAWrongMethodSplit() {
        Nginx wrong = new Nginx(Repo.read("compose/nginx/default.conf").replace("default command;", "default query;"));
        assertThat(wrong.upstreamFor("POST", "/api/v1/orders")).contains("query");
        assertThat(edge.upstreamFor("POST", "/api/v1/orders")).contains("command");
        assertThat(edge.upstreamFor("GET", "/api/v1/orders")).contains("query");
        assertThat(edge.upstreamFor("HEAD", "/api/v1/orders/1")).contains("query");
        assertThat(edge.upstreamFor("DELETE", "/api/v2/chats/1")).contains("messenger");
    }

    @Test
    void theEndpointScannerSeesClassLevelPrefixesAndMethods() {
        List<Endpoint> endpoints = endpoints();
        // AccountCommandController: @RequestMapping("/api/v1/accounts") + @PostMapping("/me/deposits")
        assertThat(endpoints).contains(new Endpoint("POST", "/api/v1/accounts/me/deposits", "command",
                "command-side/src/main/java/io/policyhub/command/accounts/AccountCommandController.java"));
        assertThat(endpoints).anyMatch(e -> e.method().equals("GET") && e.path().equals("/ws") && e.role().equals("messenger"));
    }

    // ------------------------------------------------------------------ helpers

    /** The backend Service the Ingresses pick for a path (longest matching prefix, exact first). */
    private static String ingressTarget(String path) {
        String best = null;
        int bestLength = -1;
        for (Ingress ingress : ingresses()) {
            for (HTTPIngressPath p : ingress.getSpec().getRules().get(0).getHttp().getPaths()) {
                boolean matches = p.getPathType().equals("Exact") ? path.equals(p.getPath())
                        : path.equals(p.getPath()) || path.startsWith(p.getPath().endsWith("/") ? p.getPath() : p.getPath() + "/");
                int length = p.getPathType().equals("Exact") ? Integer.MAX_VALUE : p.getPath().length();
                if (matches && length > bestLength) {
                    best = p.getBackend().getService().getName();
                    bestLength = length;
                }
            }
        }
        return best;
    }

    private static List<Ingress> ingresses() {
        return Kustomize.base().values().stream().filter(m -> m.kind().equals("Ingress"))
                .map(m -> (Ingress) KubernetesModel.load(m.document())).toList();
    }

    private static final Pattern MAPPING = Pattern.compile(
            "@(Get|Post|Put|Patch|Delete|Request)Mapping(?:\\s*\\(([^)]*)\\))?");
    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");

    /** Every HTTP endpoint and the /ws handler of the role modules, from their source. */
    static List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        ROLE_OF_MODULE.forEach((module, role) -> {
            for (Path file : Repo.files(module + "/src/main/java", ".java")) {
                String source = Repo.read(file);
                String relative = Repo.relative(file);
                int classAt = indexOfClass(source);
                String prefix = "";
                Matcher m = MAPPING.matcher(source);
                while (m.find()) {
                    String path = m.group(2) == null ? "" : firstString(m.group(2));
                    if (m.start() < classAt) {
                        if (m.group(1).equals("Request")) {
                            prefix = path;
                        }
                        continue;
                    }
                    String method = m.group(1).equals("Request") ? "GET" : m.group(1).toUpperCase();
                    String full = (prefix + path).replaceAll("\\{[^}]+}", "1");
                    endpoints.add(new Endpoint(method, full, role, relative));
                }
                Matcher ws = Pattern.compile("addHandler\\([^;]*?\"(/[^\"]*)\"").matcher(source);
                while (ws.find()) {
                    endpoints.add(new Endpoint("GET", ws.group(1), role, relative));
                }
            }
        });
        return endpoints;
    }

    private static int indexOfClass(String source) {
        Matcher m = Pattern.compile("(?m)^(public\\s+|final\\s+|abstract\\s+)*(class|record|interface)\\s").matcher(source);
        return m.find() ? m.start() : 0;
    }

    private static String firstString(String arguments) {
        Matcher s = STRING.matcher(arguments);
        return s.find() ? s.group(1) : "";
    }
}
