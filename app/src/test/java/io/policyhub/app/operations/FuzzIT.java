package io.policyhub.app.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import io.policyhub.api.accounts.AccountIds;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.EventLog;
import io.policyhub.app.support.IntegrationTest;
import io.policyhub.app.support.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A bounded fuzz of every endpoint the OpenAPI document lists and of the WebSocket gateway: hostile
 * bodies (malformed, deeply nested, wrong shapes, NUL, lone surrogates, huge exponents), paths
 * (foreign, malformed and encoded ids), headers (media types, forged or missing tokens, keys) and
 * frames, from a fixed seed. No answer may be a 5xx, no event may be parked, and the victim's
 * money and orders stay as they were: every body carries only values no field accepts.
 */
@IntegrationTest
class FuzzIT {

    private static final int REQUESTS = 3_000;
    private static final int FRAMES = 400;

    /** Values that no field of any body accepts: each would be refused wherever it lands. */
    private static final List<String> HOSTILE_VALUES = List.of(
            "\"\\u0000\"", "\"a\\ud800b\"", "\"\\udfff\"", "\"x\\u0000\"", "-1", "0", "1.001", "1E+2147483647",
            "1E-2147483647", "1e400", "-0.0", "null", "[]", "{}", "[[[[[[[[[[\"\\u0000\"]]]]]]]]]]", "{\"$ne\": null}");

    private static final List<String> HOSTILE_BODIES = List.of(
            "", "{", "}", "nul", "[1, 2]", "\"text\"", "42", "\uFEFF{}", "{\"__proto__\": {\"admin\": true}}",
            "[".repeat(5_000) + "]".repeat(5_000), "{\"a\": " + "{\"a\": ".repeat(2_000) + "1" + "}".repeat(2_001),
            "{\"amount\": 1, \"amount\": \"\\u0000\"}", "\u0000", "{\"text\": \"" + "ж".repeat(70_000) + "\"}");

    private static final List<String> HOSTILE_IDS = List.of(
            "not-a-uuid", "%00", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "x".repeat(3_000), "%F0%9F%98%80", "%ED%A0%80",
            "%27%3B%20drop%20table%20users%3B--", "00000000-0000-0000-0000-000000000000", "-1", "%20");

    private static final List<String> MEDIA_TYPES = List.of(
            "application/json", "application/json", "text/plain", "application/xml", "application/json;charset=UTF-16",
            "multipart/form-data; boundary=x", "application/x-www-form-urlencoded");

    @LocalServerPort
    int port;

    @Autowired
    EventLog events;

    private final Random random = new Random(42);
    /** Endpoints that end the caller's session (or the caller): fuzzed with a session that may end. */
    private static final Set<String> ENDS_THE_SESSION = Set.of("/api/v1/auth/logout", "/api/v1/profile/erasure");
    /** Answers that do not end (Server-Sent Events): ChatListIT reads the stream's first event instead. */
    private static final Set<String> STREAMS = Set.of("/api/v1/public/activity/stream");

    @Test
    void hostileRequestsToEveryEndpointNeverAnswer5xxParkNothingAndMoveNoMoney() {
        Api api = new Api(port);
        Api.User victim = api.newUser();
        api.post("/api/v1/accounts/me/deposits", victim.token(), "{\"amount\": 100}");
        String orderId = api.post("/api/v1/orders", victim.token(), "{\"price\": 30}").json().get("orderId").asString();
        Api.User other = api.newUser();
        String accountId = AccountIds.forOwner(victim.userId()).toString();
        String balanceBefore = api.get("/api/v1/accounts/me", victim.token()).json().get("balance").asString();
        String ordersBefore = api.get("/api/v1/orders", victim.token()).body();
        long accountEventsBefore = events.count(accountId);
        List<String> ids = List.of(victim.userId().toString(), other.userId().toString(), accountId, orderId,
                UUID.randomUUID().toString());
        List<Endpoint> endpoints = endpoints(api);
        List<String> tokens = tokens(api, victim);

        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        List<String> serverErrors = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            Endpoint endpoint = endpoints.get(i % endpoints.size());
            String path = endpoint.path().replaceAll("\\{[^}]+}", random.nextBoolean() ? pick(ids) : pick(HOSTILE_IDS));
            if (random.nextInt(4) == 0) {
                path += "?limit=" + pick(HOSTILE_IDS) + "&before=" + pick(HOSTILE_IDS) + "&since=" + pick(HOSTILE_IDS);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            String token = pick(tokens);
            if (ENDS_THE_SESSION.contains(endpoint.path()) && ("Bearer " + victim.token()).equals(token)) {
                token = "Bearer " + other.token(); // the victim's session must outlive the fuzz; the other's may end
            }
            if (token != null) {
                headers.put("Authorization", token);
            }
            headers.put("Content-Type", pick(MEDIA_TYPES));
            if (random.nextBoolean()) {
                headers.put("Idempotency-Key", random.nextBoolean() ? "k".repeat(random.nextInt(300)) : UUID.randomUUID().toString());
            }
            String body = endpoint.method().equals("GET") ? null : body(endpoint);
            Api.Response response;
            try {
                response = api.raw(endpoint.method(), path, headers, body);
            } catch (IllegalStateException noAnswer) {
                if (beyondTheHeaderLimit(path, headers)) {
                    // refused while its headers are read: Tomcat answers 400 and closes with the rest unread, and the
                    // reset that close sends can reach the client before the 400 does
                    statuses.merge(0, 1, Integer::sum);
                    continue;
                }
                serverErrors.add(endpoint.method() + " " + abbreviated(path) + " " + abbreviated(String.valueOf(body))
                        + " -> no answer: " + noAnswer.getMessage());
                continue;
            }
            statuses.merge(response.status(), 1, Integer::sum);
            if (response.status() >= 500) {
                serverErrors.add(endpoint.method() + " " + abbreviated(path) + " " + abbreviated(String.valueOf(body))
                        + " -> " + response.status() + " " + abbreviated(response.body()));
            }
        }

        System.out.printf("Fuzz: %d requests to %d endpoints, statuses %s%n", REQUESTS, endpoints.size(), statuses);
        assertThat(serverErrors).as("5xx answers").isEmpty();
        assertThat(api.get("/api/v1/accounts/me", victim.token()).json().get("balance").asString()).isEqualTo(balanceBefore);
        assertThat(api.get("/api/v1/orders", victim.token()).body()).isEqualTo(ordersBefore);
        assertThat(events.count(accountId)).isEqualTo(accountEventsBefore);
        assertThat(api.get("/api/v1/admin/dead-letters", api.adminToken()).json()).as("parked events").isEmpty();
    }

    @Test
    void hostileWebSocketFramesNeverFailTheGateway() {
        Api api = new Api(port);
        Api.User user = api.newUser();
        Api.User companion = api.newUser();
        String chatId = api.post("/api/v1/chats", user.token(), "{\"companionId\": \"" + companion.userId() + "\"}").json()
                .get("chatId").asString();
        List<String> topics = List.of("chat:" + chatId, "chat:" + UUID.randomUUID(), "application:" + user.userId(),
                "user:" + companion.userId(), "chat:", "chat:%00", "\u0000", "x".repeat(5_000), "messenger");
        List<String> frames = new ArrayList<>(HOSTILE_BODIES);
        for (String topic : topics) {
            for (String type : List.of("subscribe", "unsubscribe", "send", "auth", "typing", "\u0000", "")) {
                frames.add("{\"type\": \"" + type + "\", \"topic\": " + quoted(topic) + ", \"payload\": {\"text\": "
                        + pick(HOSTILE_VALUES) + ", \"clientMessageId\": " + pick(HOSTILE_VALUES) + "}, \"token\": "
                        + pick(HOSTILE_VALUES) + "}");
            }
        }
        frames.add("{\"topic\": \"messenger\", \"action\": \"send-message\", \"payload\": \"{\\\"chat_id\\\": \\\"" + chatId
                + "\\\", \\\"messages\\\": [{\\\"text\\\": \\\"\\\\u0000\\\"}]}\"}");

        int sent = 0;
        List<String> serverErrors = new ArrayList<>();
        while (sent < FRAMES) {
            try (WebSocketClient socket = WebSocketClient.connect(port, user.token())) {
                for (int i = 0; i < 50 && sent < FRAMES; i++, sent++) {
                    socket.send(frames.get(random.nextInt(frames.size())));
                }
                JsonNode frame;
                while ((frame = socket.next(Duration.ofMillis(300))) != null) {
                    if (frame.path("status").asInt(0) >= 500) {
                        serverErrors.add(frame.toString());
                    }
                }
            } catch (RuntimeException closedByTheServer) {
                // a socket the gateway closed on a hostile frame: a refusal, not a failure
            }
        }

        assertThat(serverErrors).as("error frames with a server status").isEmpty();
        assertThat(api.get("/api/v1/chats/" + chatId + "/messages", user.token()).json()).as("nothing was sent").isEmpty();
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
    }

    private record Endpoint(String method, String path) {
    }

    /** Every operation of the OpenAPI document, so a new endpoint is fuzzed without being listed here. */
    private static List<Endpoint> endpoints(Api api) {
        JsonNode paths = api.get("/v3/api-docs", null).json().get("paths");
        List<Endpoint> endpoints = new ArrayList<>();
        for (String path : (Iterable<String>) () -> paths.propertyNames().iterator()) {
            for (String method : (Iterable<String>) () -> paths.get(path).propertyNames().iterator()) {
                if (!STREAMS.contains(path)) {
                    endpoints.add(new Endpoint(method.toUpperCase(), path));
                }
            }
        }
        assertThat(endpoints).hasSizeGreaterThan(20);
        return endpoints;
    }

    /** Whether the request line and headers exceed what the server reads of them (Tomcat's 8 KiB, less what the client adds). */
    private static boolean beyondTheHeaderLimit(String path, Map<String, String> headers) {
        int bytes = path.length() + 32;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes > 8 * 1024 - 256;
    }

    /** The victim's valid token most of the time, else none, garbage, a forged one or another scheme. */
    private static List<String> tokens(Api api, Api.User victim) {
        String valid = "Bearer " + victim.token();
        String[] parts = victim.token().split("\\.");
        String forged = "Bearer " + parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        String unsigned = "Bearer eyJhbGciOiJub25lIn0." + parts[1] + ".";
        return Arrays.asList(valid, valid, valid, valid, valid, valid, valid, valid, null, "Bearer garbage", forged, unsigned,
                "Basic YWRtaW46YWRtaW4=",
                "Bearer " + "a".repeat(10_000));
    }

    private String body(Endpoint endpoint) {
        if (random.nextInt(3) == 0) {
            return pick(HOSTILE_BODIES);
        }
        // the fields the API knows, each with a value no field accepts
        List<String> fields = List.of("amount", "price", "description", "username", "password", "email", "phone", "firstName",
                "companionId", "text", "clientMessageId", "reason", "vehicle", "driver", "region", "oldPassword", "newPassword");
        StringBuilder body = new StringBuilder("{");
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ", ").append('"').append(pick(fields)).append("\": ").append(pick(HOSTILE_VALUES));
        }
        return body.append('}').toString();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            json.append(c < 0x20 || Character.isSurrogate(c) || c == '"' || c == '\\' ? String.format("\\u%04x", (int) c) : c);
        }
        return json.append('"').toString();
    }

    private static String abbreviated(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
