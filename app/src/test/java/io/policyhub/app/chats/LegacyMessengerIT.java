package io.policyhub.app.chats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.policyhub.app.support.Api;
import io.policyhub.app.support.IntegrationTest;
import io.policyhub.app.support.WebSocketClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The old messenger's clients, unchanged: its whole walkthrough over {@code /auth/*},
 * {@code /messenger/*} and {@code /messenger/ws}, sent exactly as that client sends it (tokens
 * without the "Bearer" word), except for a password the current policy accepts.
 */
@IntegrationTest
class LegacyMessengerIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "Plain-Sailing-2024";

    @LocalServerPort
    int port;

    private Api api;
    private String run;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theOldClientsWalkthroughWorksUnchanged() {
        List<String> tokens = new ArrayList<>();
        for (String name : List.of("first", "second", "third")) {
            Api.Response signedUp = signUp(email(name), PASSWORD);
            assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(201);
            assertThat(signedUp.json().get("user_id").asString()).isNotBlank();
            Api.Response signedIn = legacy("POST", "/auth/sign-in", null,
                    "{\"email\": \"%s\", \"password\": \"%s\"}".formatted(email(name), PASSWORD));
            assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
            tokens.add(signedIn.json().get("access_token").asString());
        }
        String first = tokens.get(0);
        String second = tokens.get(1);

        Api.Response found = legacy("GET", "/auth/user?email=" + email("second"), first, null);
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        String secondId = found.json().get("user_id").asString();

        Api.Response created = legacy("POST", "/messenger/create-chat", first, "{\"companion_id\": \"" + secondId + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String chatId = created.json().get("chat_id").asString();

        try (WebSocketClient socket = WebSocketClient.legacy(port, first)) {
            String payload = JSON.writeValueAsString(Map.of("chat_id", chatId, "messages", List.of(
                    Map.of("text", "first message", "status", "new"), Map.of("text", "second message", "status", "new"),
                    Map.of("text", "third message", "status", "new"))));
            socket.send(JSON.writeValueAsString(Map.of("topic", "messenger", "action", "send-message", "payload", payload)));
            assertThat(socket.next("error", Duration.ofSeconds(1))).as("the old protocol answers only failures").isNull();
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Api.Response history = legacy("GET", "/messenger/messages?chat_id=" + chatId, second, null);
            assertThat(history.status()).as(history.body()).isEqualTo(200);
            List<String> texts = new ArrayList<>();
            history.json().forEach(message -> texts.add(message.get("text").asString()));
            assertThat(texts).containsExactly("third message", "second message", "first message");
            assertThat(history.json().get(0).get("chat_id").asString()).isEqualTo(chatId);
            assertThat(history.json().get(0).get("sender_id").asString()).isNotBlank();
            assertThat(history.json().get(0).get("created_at").asString()).endsWith("Z");
        });
        assertThat(legacy("GET", "/messenger/messages?chat_id=" + chatId, tokens.get(2), null).status())
                .as("the third user is no member").isEqualTo(403);
    }

    @Test
    void signUpFollowsTheCurrentPasswordPolicyAndKeepsTheProfileFields() {
        Api.Response weak = signUp(email("weak"), "1234567890");
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.contentType()).startsWith("application/problem+json");
        assertThat(weak.json().get("detail").asString()).isEqualTo("This password is among the most common ones; choose another");

        assertThat(signUp(email("kept"), PASSWORD).status()).isEqualTo(201);
        Api.Response again = signUp(email("KEPT").toUpperCase(), PASSWORD);
        assertThat(again.status()).as("one account per email, in any letter case").isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("exists already");

        String token = signIn(email("kept"));
        JsonNode profile = api.get("/api/v1/profile", token).json();
        assertThat(profile.get("email").asString()).isEqualTo(email("kept"));
        assertThat(profile.get("firstName").asString()).isEqualTo("Ivan");
        assertThat(profile.get("lastName").asString()).isEqualTo("Petrov");
        assertThat(profile.get("birthday").asString()).isEqualTo("1990-04-12");
        assertThat(profile.get("sex").asString()).isEqualTo("male");
        assertThat(profile.get("city").asString()).isEqualTo("Moscow");
        assertThat(profile.get("interests").toString()).isEqualTo("[\"chess\",\"cycling\"]");
        assertThat(profile.get("username").asString()).as("no email in the username").doesNotContain("kept");
    }

    @Test
    void itsTokensAreTodaysShortLivedOnesAndItsPathsAloneTakeThemWithoutTheBearerWord() {
        signUp(email("token"), PASSWORD);
        String token = signIn(email("token"));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isBetween(300L, 900L);

        assertThat(legacy("GET", "/auth/user?email=" + email("token"), token, null).status()).isEqualTo(200);
        assertThat(api.raw("GET", "/auth/user?email=" + email("token"), Map.of("Authorization", "Bearer " + token), null).status())
                .isEqualTo(200);
        assertThat(legacy("GET", "/auth/user?email=" + email("token"), null, null).status()).isEqualTo(401);
        assertThat(legacy("GET", "/auth/user?email=" + email("token"), "not.a.token", null).status()).isEqualTo(401);
        assertThat(legacy("GET", "/api/v1/profile", token, null).status()).as("v1 wants the Bearer word").isEqualTo(401);
        assertThat(api.raw("GET", "/messenger/messages?chat_id=" + UUID.randomUUID() + "&token=" + token, Map.of(), null).status())
                .as("a token in the query only opens the socket").isEqualTo(401);
        assertThat(legacy("GET", "/auth/user?email=nobody-" + run + "@example.com", token, null).status()).isEqualTo(404);

        Api.Response wrong = legacy("POST", "/auth/sign-in", null,
                "{\"email\": \"%s\", \"password\": \"Wrong-Password-1\"}".formatted(email("token")));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(legacy("POST", "/auth/sign-in", null, "{\"email\": \"not an email\", \"password\": \"x\"}").status()).isEqualTo(400);
    }

    @Test
    void badSignUpsAreRefusedFieldByField() {
        Api.Response refused = legacy("POST", "/auth/sign-up", null, """
                {"email": "%s", "password": "%s", "name": "", "surname": "Petrov", "birthday": "2999-01-01",
                 "sex": "m", "city": "Moscow", "interests": ["ok", ""]}""".formatted(email("bad"), PASSWORD));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(legacy("POST", "/auth/sign-in", null,
                "{\"email\": \"%s\", \"password\": \"%s\"}".formatted(email("bad"), PASSWORD)).status())
                .as("nothing was registered").isEqualTo(401);
        List<String> fields = new ArrayList<>();
        refused.json().path("errors").forEach(error -> fields.add(error.get("field").asString()));
        assertThat(String.join(",", fields)).contains("name", "birthday", "interests");

        Api.Response withNul = legacy("POST", "/auth/sign-up", null, """
                {"email": "%s", "password": "%s", "name": "Ivan", "surname": "Petrov", "city": "Mos\\u0000cow"}""".formatted(
                email("nul"), PASSWORD));
        assertThat(withNul.status()).isEqualTo(400);
        assertThat(legacy("POST", "/auth/sign-in", null,
                "{\"email\": \"%s\", \"password\": \"%s\"}".formatted(email("nul"), PASSWORD)).status()).isEqualTo(401);
    }

    private String email(String name) {
        return name + "-" + run + "@example.com";
    }

    private Api.Response signUp(String email, String password) {
        return legacy("POST", "/auth/sign-up", null, """
                {"email": "%s", "password": "%s", "name": "Ivan", "surname": "Petrov", "birthday": "1990-04-12",
                 "sex": "male", "city": "Moscow", "interests": ["chess", "cycling"]}""".formatted(email, password));
    }

    private String signIn(String email) {
        Api.Response signedIn = legacy("POST", "/auth/sign-in", null,
                "{\"email\": \"%s\", \"password\": \"%s\"}".formatted(email, PASSWORD));
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
        return signedIn.json().get("access_token").asString();
    }

    /** As the old client sends it: JSON, and the token as the whole Authorization header. */
    private Api.Response legacy(String method, String path, String token, String body) {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("X-Forwarded-For", Api.randomAddress()));
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        if (token != null) {
            headers.put("Authorization", token);
        }
        return api.raw(method, path, headers, body);
    }
}
