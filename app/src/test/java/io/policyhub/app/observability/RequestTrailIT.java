package io.policyhub.app.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.InsurerSimulator;
import io.policyhub.app.support.IntegrationTest;
import io.policyhub.app.support.RecordedSpans;
import io.policyhub.app.support.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * One request followed through the roles by its id: the answer, the command handling, the
 * projections' and the insurer tasks' log lines, the WebSocket frame of the change, and its trace
 * (the application's OpenTelemetry spans, exported in process by {@link RecordedSpans}), in the
 * event-store mode of this run (all roles in this JVM, so every role's lines land in one log).
 */
@IntegrationTest
@ExtendWith(InsurerSimulator.Prompt.class)
class RequestTrailIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String TRAIL = "io.policyhub.requests";

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(RequestTrailIT.class);

    @LocalServerPort
    int port;
    @Autowired
    RecordedSpans spans;

    private Api api;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void setUp() {
        api = new Api(port);
        Logger trail = (Logger) LoggerFactory.getLogger(TRAIL);
        trail.setLevel(Level.DEBUG);
        lines.start();
        trail.addAppender(lines);
    }

    @AfterEach
    void tearDown() {
        Logger trail = (Logger) LoggerFactory.getLogger(TRAIL);
        trail.detachAppender(lines);
        trail.setLevel(null);
    }

    @Test
    void aChatMessagesRequestIdReachesTheCommandTheProjectionsAndTheCompanionsFrame() {
        Api.User alice = api.newUser();
        Api.User bob = api.newUser();
        String chatId = api.post("/api/v1/chats", alice.token(), "{\"companionId\": \"" + bob.userId() + "\"}")
                .json().get("chatId").asString();
        String requestId = "trail-" + UUID.randomUUID();
        try (WebSocketClient socket = WebSocketClient.connect(port, bob.token())) {
            socket.subscribe("chat:" + chatId);
            assertThat(socket.next("subscribed", WAIT)).isNotNull();

            Api.Response sent = api.raw("POST", "/api/v1/chats/" + chatId + "/messages", Map.of(
                    "Authorization", "Bearer " + alice.token(), "Content-Type", "application/json",
                    "X-Request-Id", requestId), "{\"text\": \"followed\"}");
            assertThat(sent.status()).as(sent.body()).isEqualTo(202);
            assertThat(sent.requestId()).isEqualTo(requestId);

            JsonNode frame = socket.next("event", WAIT);
            assertThat(frame).isNotNull();
            assertThat(frame.get("payload").get("text").asString()).isEqualTo("followed");
            assertThat(frame.get("requestId").asString()).as("the frame names the request").isEqualTo(requestId);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(trailOf(requestId)).contains(
                "command SendMessage handled by commands",
                "event MessageSent handled by chat-live",
                "event MessageSent handled by chat-history",
                "frame chat:" + chatId + " pushed to a WebSocket of user " + bob.userId()));

        // and one trace: the HTTP span, the command's dispatch and handling (through Axon Server in
        // that mode), the event's publication, both chat projections and their PostgreSQL and ClickHouse statements
        await().atMost(WAIT).untilAsserted(() -> assertThat(traceOf(requestId).stream().map(SpanData::getName)).contains(
                "http post /api/v1/chats/{chatId}/messages",
                "CommandBus.handleCommand(SendMessage)",
                "Chat.handle(SendMessage)",
                "EventBus.publishEvent(MessageSent)",
                "StreamingEventProcessor.process(MessageSent)",
                "ChatHistoryProjection.on(MessageSent)",
                "LiveChatProjection.on(MessageSent,ReplayStatus,EventMessage)", "connection", "query"));
        List<SpanData> trace = traceOf(requestId);
        // the history's ClickHouse insert and the live push run when the projection's batch commits, after
        // the event's span: they are spans of their own
        await().atMost(WAIT).untilAsserted(() -> assertThat(spans.all()).anySatisfy(span -> assertThat(
                span.getAttributes().asMap().values().stream().map(String::valueOf).toList())
                .anySatisfy(value -> assertThat(value).isEqualTo("clickhouse-router"))
                .anySatisfy(value -> assertThat(value).containsIgnoringCase("insert into chat_messages"))));
        assertThat(spans.all()).extracting(SpanData::getName).as("Redis commands (Lettuce)").contains("publish");
        log.info("trace {} of request {}:\n{}", trace.get(0).getTraceId(), requestId, trace.stream()
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
                .map(span -> "  " + span.getName() + " [" + span.getKind() + ", "
                        + (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000 + " us]")
                .collect(Collectors.joining("\n")));
    }

    /** The request's trace: Axon's spans carry the message metadata, the request id among it. */
    private List<SpanData> traceOf(String requestId) {
        String traceId = spans.all().stream()
                .filter(span -> span.getAttributes().asMap().values().stream().anyMatch(value -> String.valueOf(value).equals(requestId)))
                .map(SpanData::getTraceId)
                .findFirst().orElseThrow(() -> new AssertionError("no span names request " + requestId));
        return spans.ofTrace(traceId);
    }

    @Test
    void anApplicationsRequestIdFollowsTheInsurerCallsAndTheirOutcomes() {
        Api.User user = api.newUser();
        String requestId = "trail-" + UUID.randomUUID();
        Api.Response submitted = api.raw("POST", "/api/v1/insurance/applications", Map.of(
                "Authorization", "Bearer " + user.token(), "Content-Type", "application/json",
                "Idempotency-Key", UUID.randomUUID().toString(), "X-Request-Id", requestId), InsurerSimulator.APPLICATION);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String applicationId = submitted.json().get("applicationId").asString();

        await().atMost(WAIT).untilAsserted(() -> assertThat(trailOf(requestId)).contains(
                "command SubmitApplication handled by commands",
                "event ApplicationSubmitted handled by quote-dispatch",
                "command RecordQuote handled by commands",
                "event QuoteReceived handled by insurance",
                "event ApplicationCompleted handled by insurance"));
        assertThat(api.get("/api/v1/insurance/applications/" + applicationId, user.token()).status()).isEqualTo(200);
    }

    @Test
    void everyAnswerCarriesAnIdAndEveryProblemNamesIt() {
        Api.Response generated = api.get("/api/v1/profile", null);
        assertThat(generated.status()).isEqualTo(401);
        assertThat(generated.requestId()).matches("[0-9a-f]{32}");
        assertThat(generated.json().get("requestId").asString()).isEqualTo(generated.requestId());

        Api.User user = api.newUser();
        Api.Response invalid = api.raw("POST", "/api/v1/accounts/me/deposits", Map.of("Authorization", "Bearer " + user.token(),
                "Content-Type", "application/json", "X-Request-Id", "edge-42"), "{\"amount\": -1}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.requestId()).isEqualTo("edge-42");
        assertThat(invalid.json().get("requestId").asString()).isEqualTo("edge-42");

        for (String hostile : List.of("two words", "x".repeat(129), "{\"json\":1}", "caf\u00e9")) {
            Api.Response answered = api.raw("GET", "/api/v1/profile", Map.of("Authorization", "Bearer " + user.token(),
                    "X-Request-Id", hostile), null);
            assertThat(answered.status()).isEqualTo(200);
            assertThat(answered.requestId()).as("replaced, not echoed").matches("[0-9a-f]{32}");
        }
        Api.Response missing = api.get("/api/v1/no-such-thing", user.token());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("requestId").asString("")).as(missing.body()).isEqualTo(missing.requestId());
    }

    private List<String> trailOf(String requestId) {
        synchronized (lines.list) {
            return List.copyOf(lines.list).stream()
                    .filter(line -> requestId.equals(line.getMDCPropertyMap().get("requestId")))
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

}
