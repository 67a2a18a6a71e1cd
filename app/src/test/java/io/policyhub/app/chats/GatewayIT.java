package io.policyhub.app.chats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.IntegrationTest;
import io.policyhub.app.support.Jwts;
import io.policyhub.app.support.RawWebSocket;
import io.policyhub.app.support.RawWebSocket.Frame;
import io.policyhub.app.support.WebSocketClient;
import io.policyhub.platform.ratelimit.InstanceRateLimiter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The limits of the /ws gateway against the running application (application-it.yml: 5 sockets
 * per user, 16 waiting outbound frames, a 1 s heartbeat, 400 chat sends per 10 minutes): what a
 * careless, stalled, dead or greedy client meets.
 */
@IntegrationTest
class GatewayIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;
    @Autowired
    InstanceRateLimiter rateLimiter;
    @Value("${policyhub.chats.send-limit}")
    int sendLimit;
    @Value("${policyhub.chats.send-limit-period}")
    Duration sendLimitPeriod;
    @Value("${policyhub.ws.max-sockets-per-user}")
    int maxSockets;

    @Autowired
    JwtEncoder signer;

    private Api api;
    /** Fresh for every test, so no test spends another's sockets or sends. */
    private Api.User alice;
    private Api.User bob;

    @BeforeEach
    void twoNewUsers() {
        api = new Api(port);
        List<Api.User> users = List.of(api.newUser(), api.newUser());
        alice = users.get(0);
        bob = users.get(1);
    }

    @Test
    void aUserGetsAtMostTheCappedNumberOfSocketsTheNextIsClosedWithTheReason() throws IOException {
        double refusedBefore = closed("too-many-sockets");
        List<WebSocketClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < maxSockets; i++) {
                open.add(WebSocketClient.connect(port, alice.token()));
            }
            try (RawWebSocket oneTooMany = RawWebSocket.connect(port, alice.token(), 0)) {
                Frame close = oneTooMany.nextIgnoringPings(WAIT);
                assertThat(close).as("a close frame").isNotNull();
                assertThat(close.opcode()).isEqualTo(Frame.CLOSE);
                assertThat(close.closeCode()).as("policy violation").isEqualTo(1008);
                assertThat(close.text()).contains("At most " + maxSockets + " sockets per user");
            }
            assertThat(closed("too-many-sockets")).isEqualTo(refusedBefore + 1);
            try (RawWebSocket otherUser = RawWebSocket.connect(port, bob.token(), 0)) {
                assertThat(otherUser.nextIgnoringPings(Duration.ofMillis(1_500))).as("the cap is per user").isNull();
            }
            open.remove(0).close();
            awaitAdmitted(alice);
        } finally {
            open.forEach(WebSocketClient::close);
        }
    }

    @Test
    void aClientThatAnswersNoPingIsClosedOneThatAnswersStaysOpen() throws IOException {
        String chatId = startChat();
        try (RawWebSocket silent = RawWebSocket.connect(port, alice.token(), 0);
             WebSocketClient answering = WebSocketClient.connect(port, bob.token())) {
            Frame ping = silent.next(Duration.ofSeconds(3));
            assertThat(ping).as("an idle socket is pinged").isNotNull();
            assertThat(ping.opcode()).isEqualTo(Frame.PING);
            Frame close = silent.nextIgnoringPings(Duration.ofSeconds(6));
            assertThat(close).as("closed after two silent intervals").isNotNull();
            assertThat(close.opcode()).isEqualTo(Frame.CLOSE);
            assertThat(close.closeCode()).isEqualTo(4500);

            answering.subscribe("chat:" + chatId);
            assertThat(answering.next("subscribed", WAIT)).as("the client that answers pings is still served").isNotNull();
        }
    }

    @Test
    void beyondTheSendLimitSendsAre429OverRestAndTheSocketAndStoreNothing() {
        String chatId = startChat();
        spendAllowance(alice);
        Api.Response rest = api.post("/api/v1/chats/" + chatId + "/messages", alice.token(), "{\"text\": \"one more\"}");
        assertThat(rest.status()).isEqualTo(429);
        assertThat(rest.contentType()).startsWith("application/problem+json");
        assertThat(rest.json().get("type").asString()).endsWith("/problems/too-many-messages");
        assertThat(Long.parseLong(rest.retryAfter())).isPositive();
        try (WebSocketClient socket = WebSocketClient.connect(port, alice.token())) {
            spendAllowance(alice); // what refilled meanwhile
            socket.send("""
                    {"type": "send", "topic": "chat:%s", "payload": {"text": "and over the socket"}}""".formatted(chatId));
            JsonNode error = socket.next("error", WAIT);
            assertThat(error).isNotNull();
            assertThat(error.get("status").asInt()).isEqualTo(429);
            assertThat(error.get("retryAfter").asLong()).isPositive();
        }
        assertThat(api.post("/api/v1/chats/" + chatId + "/messages", bob.token(), "{\"text\": \"bob still may\"}").status())
                .as("the limit is per user").isEqualTo(202);
        assertThat(api.get("/api/v1/chats/" + chatId + "/messages", bob.token()).json())
                .extracting(message -> message.get("text").asString()).containsExactly("bob still may");
    }

    @Test
    void aSocketWhoseTokenExpiresGetsA401FrameAndIsClosed() throws IOException {
        String shortLived = Jwts.expiringIn(signer, alice.token(), Duration.ofSeconds(2));
        try (RawWebSocket socket = RawWebSocket.connect(port, shortLived, 0)) {
            Frame error = socket.nextIgnoringPings(WAIT);
            assertThat(error.opcode()).isEqualTo(Frame.TEXT);
            assertThat(error.text()).contains("\"type\":\"error\"", "\"status\":401");
            Frame close = socket.nextIgnoringPings(WAIT);
            assertThat(close.opcode()).isEqualTo(Frame.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1008);
        }
    }

    @Test
    void aSocketReauthenticatedWithANewTokenStaysOpenPastTheOldOnesExpiry() throws IOException, InterruptedException {
        String shortLived = Jwts.expiringIn(signer, alice.token(), Duration.ofSeconds(2));
        try (RawWebSocket socket = RawWebSocket.connect(port, shortLived, 0)) {
            socket.sendText("{\"type\": \"auth\", \"token\": \"" + bob.token() + "\"}");
            assertThat(socket.nextIgnoringPings(WAIT).text()).as("another user's token").contains("\"status\":403");
            socket.sendText("{\"type\": \"auth\", \"token\": \"" + alice.token() + "\"}");
            assertThat(socket.nextIgnoringPings(WAIT).text()).contains("\"type\":\"authenticated\"");
            for (int i = 0; i < 7; i++) { // past the old token's expiry, talking so the heartbeat sees the client alive
                Thread.sleep(500);
                socket.sendText("{\"type\": \"unsubscribe\", \"topic\": \"nothing\"}");
            }
            socket.sendText("{\"type\": \"subscribe\", \"topic\": \"nothing:here\"}");
            Frame answer = socket.nextIgnoringPings(WAIT);
            assertThat(answer.opcode()).as("still open").isEqualTo(Frame.TEXT);
            assertThat(answer.text()).contains("\"status\":404");
        }
    }

    @Test
    void aSocketEndsWithItsSignInSession() throws IOException {
        String session = api.login(alice.username(), Api.PASSWORD).json().get("accessToken").asString();
        try (RawWebSocket socket = RawWebSocket.connect(port, session, 0)) {
            assertThat(api.post("/api/v1/auth/logout", session, "{}").status()).isEqualTo(204);
            Frame error = socket.nextIgnoringPings(WAIT);
            assertThat(error.text()).contains("\"status\":401", "session ended");
            assertThat(socket.nextIgnoringPings(WAIT).closeCode()).isEqualTo(1008);
        }
    }

    @Test
    void longFramesArriveInPartsUpToTheirLimitLongerOnesCloseTheSocket() throws IOException {
        String chatId = startChat();
        String escaped = "\\u00e9".repeat(4_000); // 24,000 characters on the wire, the longest text there is
        try (WebSocketClient socket = WebSocketClient.connect(port, alice.token())) {
            socket.send("""
                    {"type": "send", "topic": "chat:%s", "payload": {"text": "%s", "clientMessageId": "long"}}"""
                    .formatted(chatId, escaped));
            assertThat(socket.next("sent", WAIT)).as("a frame far over the container's text buffer").isNotNull();
        }
        assertThat(api.get("/api/v1/chats/" + chatId + "/messages", bob.token()).json().get(0).get("text").asString())
                .isEqualTo("é".repeat(4_000));
        try (RawWebSocket socket = RawWebSocket.connect(port, alice.token(), 0)) {
            socket.sendText("{\"type\": \"subscribe\", \"topic\": \"" + "x".repeat(40_000) + "\"}");
            Frame close = socket.nextIgnoringPings(WAIT);
            assertThat(close).isNotNull();
            assertThat(close.opcode()).isEqualTo(Frame.CLOSE);
            assertThat(close.closeCode()).as("too big").isEqualTo(1009);
        }
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAndHoldsUpNobody() throws IOException {
        String chatId = startChat();
        String topic = "chat:" + chatId;
        double slowBefore = closed("slow-consumer");
        try (RawWebSocket stalled = RawWebSocket.connect(port, bob.token(), 4_096);
             WebSocketClient reading = WebSocketClient.connect(port, bob.token())) {
            stalled.sendText("{\"type\": \"subscribe\", \"topic\": \"" + topic + "\"}");
            assertThat(stalled.nextIgnoringPings(WAIT).text()).contains("subscribed");
            reading.subscribe(topic);
            assertThat(reading.next("subscribed", WAIT)).isNotNull();
            // it talks (so the heartbeat sees it alive) but never reads
            ScheduledExecutorService talking = Executors.newSingleThreadScheduledExecutor();
            talking.scheduleWithFixedDelay(() -> {
                try {
                    stalled.sendText("{\"type\": \"unsubscribe\", \"topic\": \"nothing\"}");
                } catch (IOException closed) {
                    talking.shutdown();
                }
            }, 0, 300, TimeUnit.MILLISECONDS);

            String big = "€".repeat(3_990);
            int sent = 0;
            while (closed("slow-consumer") == slowBefore && sent < sendLimit - 10) {
                Api.Response response = api.post("/api/v1/chats/" + chatId + "/messages", alice.token(),
                        "{\"text\": \"" + big + sent + "\"}");
                assertThat(response.status()).as("senders are never held up by a stalled reader").isEqualTo(202);
                sent++;
            }
            assertThat(closed("slow-consumer")).as("the stalled socket was closed after %d messages", sent)
                    .isEqualTo(slowBefore + 1);
            talking.shutdownNow();
            String last = big + (sent - 1);
            JsonNode event;
            do {
                event = reading.next("event", WAIT);
            } while (event != null && !event.get("payload").get("text").asString().equals(last));
            assertThat(event).as("the reading socket got every message up to the last").isNotNull();
        }
    }

    /** Spends the user's whole allowance, as a flood would. */
    private void spendAllowance(Api.User user) {
        while (rateLimiter.tryConsume("chat-sends:" + user.userId(), sendLimit, sendLimitPeriod).isEmpty()) {
            // one more token gone
        }
    }

    private void awaitAdmitted(Api.User user) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try (RawWebSocket socket = RawWebSocket.connect(port, user.token(), 0)) {
                if (socket.nextIgnoringPings(Duration.ofMillis(1_500)) == null) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("a socket is admitted once one closed").isLessThan(deadline);
        }
    }

    private double closed(String reason) {
        Counter counter = meters.find("policyhub.ws.closed").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private String startChat() {
        Api.Response response = api.post("/api/v1/chats", alice.token(), "{\"companionId\": \"" + bob.userId() + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("chatId").asString();
    }
}
