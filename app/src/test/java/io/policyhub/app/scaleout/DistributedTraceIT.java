package io.policyhub.app.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.AppProcess;
import io.policyhub.app.support.AxonServerProcess;
import io.policyhub.app.support.TestMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request is one trace across the JVMs of the distributed mode: the roles run as three
 * processes around an Axon Server of their own (command with query, projections, messenger) and
 * export their spans over OTLP/HTTP to a receiver in this test, as they would to Tempo. Runs in the
 * Axon Server execution only: without Axon Server the roles cannot be split over JVMs.
 */
class DistributedTraceIT {

    private static final Logger log = LoggerFactory.getLogger(DistributedTraceIT.class);
    private static final String DATABASE = TestMode.current().database("policyhub_scaleout");
    private static final int PORT_COMMAND = 18096;
    private static final int PORT_PROJECTIONS = 18097;
    private static final int PORT_MESSENGER = 18098;

    private static final List<Received> received = new CopyOnWriteArrayList<>();
    private static final List<AppProcess> roles = new ArrayList<>();
    private static HttpServer receiver;
    private static AxonServerProcess axonServer;

    /** A span as the receiver got it: from which role, in which trace, and its attributes' values. */
    record Received(String service, String traceId, String name, List<String> values) {
    }

    @BeforeAll
    static void startTheRoles() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/traces", DistributedTraceIT::receive);
        receiver.start();
        AxonServerProcess.recreateDatabase(DATABASE);
        axonServer = AxonServerProcess.start("trace-axonserver", 18028, 18228);
        roles.add(start("command", PORT_COMMAND, "command", "query"));
        roles.add(start("projections", PORT_PROJECTIONS, "projections"));
        roles.add(start("messenger", PORT_MESSENGER, "messenger"));
    }

    @AfterAll
    static void stopTheRoles() throws InterruptedException {
        for (AppProcess role : roles) {
            role.close();
        }
        if (axonServer != null) {
            axonServer.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void aChatMessageIsOneTraceOverTheMessengerTheCommandRoleAndTheProjections() {
        Api command = new Api(PORT_COMMAND);
        Api messenger = new Api(PORT_MESSENGER);
        Api.User alice = command.newUser();
        Api.User bob = command.newUser();
        String[] chatId = new String[1];
        await("the companion is known to the messenger").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Api.Response chat = messenger.post("/api/v1/chats", alice.token(), "{\"companionId\": \"" + bob.userId() + "\"}");
            assertThat(chat.status()).as(chat.body()).isEqualTo(201);
            chatId[0] = chat.json().get("chatId").asString();
        });
        String requestId = "distributed-" + UUID.randomUUID();
        Api.Response sent = messenger.raw("POST", "/api/v1/chats/" + chatId[0] + "/messages", Map.of(
                "Authorization", "Bearer " + alice.token(), "Content-Type", "application/json",
                "X-Request-Id", requestId), "{\"text\": \"across the JVMs\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);

        await("the spans of every role").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Received> trace = traceOf(requestId);
            assertThat(trace).extracting(span -> span.service() + ": " + span.name()).contains(
                    "policyhub-messenger: http post /api/v1/chats/{chatId}/messages",
                    "policyhub-messenger: CommandBus.dispatchDistributedCommand(SendMessage)",
                    "policyhub-command: CommandBus.handleDistributedCommand(SendMessage)",
                    "policyhub-command: Chat.handle(SendMessage)",
                    "policyhub-projections: ChatHistoryProjection.on(MessageSent)",
                    "policyhub-projections: LiveChatProjection.on(MessageSent,ReplayStatus,EventMessage)");
        });
        List<Received> trace = traceOf(requestId);
        log.info("trace {} of request {} over {} spans:\n{}", trace.get(0).traceId(), requestId, trace.size(),
                trace.stream().map(span -> "  " + span.service() + ": " + span.name()).collect(Collectors.joining("\n")));
    }

    private static List<Received> traceOf(String requestId) {
        String traceId = received.stream().filter(span -> span.values().contains(requestId)).map(Received::traceId)
                .findFirst().orElseThrow(() -> new AssertionError("no span names request " + requestId));
        return received.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    private static AppProcess start(String role, int port, String... enabled) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:15432/" + DATABASE,
                "--policyhub.clickhouse.database=" + DATABASE,
                "--policyhub.security.jwt.key-dir=target/trace-jwt",
                "--spring.application.name=policyhub-" + role,
                "--management.tracing.enabled=true",
                "--management.tracing.sampling.probability=1.0",
                "--management.opentelemetry.tracing.export.schedule-delay=200ms",
                "--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:"
                        + receiver.getAddress().getPort() + "/v1/traces"));
        for (String name : List.of("command", "query", "projections", "messenger")) {
            arguments.add("--policyhub.roles." + name + "=" + List.of(enabled).contains(name));
        }
        arguments.addAll(TestMode.current().appArguments(axonServer.address()));
        return AppProcess.start("trace-" + role, port, arguments);
    }

    private static void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
            for (ResourceSpans resource : request.getResourceSpansList()) {
                String service = resource.getResource().getAttributesList().stream()
                        .filter(attribute -> attribute.getKey().equals("service.name"))
                        .map(attribute -> attribute.getValue().getStringValue()).findFirst().orElse("?");
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    for (Span span : scope.getSpansList()) {
                        received.add(new Received(service, HexFormat.of().formatHex(span.getTraceId().toByteArray()),
                                span.getName(), span.getAttributesList().stream().map(KeyValue::getValue)
                                        .map(value -> value.getStringValue()).toList()));
                    }
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }
}
