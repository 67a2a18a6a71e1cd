package io.policyhub.app.chats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import io.micrometer.core.instrument.MeterRegistry;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.EventLog;
import io.policyhub.app.support.IntegrationTest;
import io.policyhub.app.support.WebSocketClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The messenger features the web console needs: the chat list with names, last messages and unread
 * counts, read marks, typing hints, the per-user topic, the user directory and the public live page.
 */
@IntegrationTest
class ChatListIT {

    private static final Duration PUSH = Duration.ofSeconds(10);

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventLog events;
    @Autowired
    MeterRegistry meters;
    @Value("${policyhub.read-your-writes.timeout}")
    Duration readYourWritesTimeout;

    private Api api;
    private Api.User alice;
    private Api.User bob;
    private Api.User carol;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        alice = api.newUser();
        bob = api.newUser();
        carol = api.newUser();
    }

    @Test
    void theListShowsTheCompanionsNameTheLastMessageAndWhatIsUnread() {
        assertThat(api.put("/api/v1/profile", alice.token(), "{\"firstName\": \"Alice\", \"lastName\": \"Liddell\"}").status())
                .isEqualTo(200);
        String chatId = startChat(alice, bob);
        JsonNode empty = chatOf(bob, chatId);
        assertThat(empty.get("companionName").asString()).isEqualTo("Alice Liddell");
        assertThat(empty.get("lastMessage").isNull()).isTrue();
        assertThat(empty.get("unread").asInt()).isZero();
        assertThat(chatOf(alice, chatId).get("companionName").asString()).as("no names given: the username").isEqualTo(bob.username());

        String first = send(alice, chatId, "one");
        send(alice, chatId, "two");
        String third = send(alice, chatId, "three");

        await().atMost(PUSH).untilAsserted(() -> {
            JsonNode bobs = chatOf(bob, chatId);
            assertThat(bobs.get("unread").asInt()).isEqualTo(3);
            assertThat(bobs.get("lastMessage").get("text").asString()).isEqualTo("three");
            assertThat(bobs.get("lastMessage").get("messageId").asString()).isEqualTo(third);
            assertThat(chatOf(alice, chatId).get("unread").asInt()).as("one's own messages are read").isZero();
        });

        assertThat(read(bob, chatId, first).status()).isEqualTo(204);
        assertThat(chatOf(bob, chatId).get("unread").asInt()).as("read-your-writes: two left after the first").isEqualTo(2);
        assertThat(chatOf(alice, chatId).get("companionReadUpTo").asString()).isEqualTo(first);

        assertThat(read(bob, chatId, third).status()).isEqualTo(204);
        assertThat(chatOf(bob, chatId).get("unread").asInt()).isZero();
        assertThat(read(bob, chatId, first).status()).as("an older mark is accepted and changes nothing").isEqualTo(204);
        assertThat(chatOf(alice, chatId).get("companionReadUpTo").asString()).isEqualTo(third);
        assertThat(events.count(chatId, "ChatRead")).isEqualTo(2);
    }

    @Test
    void theNewestPageAfterReadMarksComesFromTheCacheWithoutWaiting() {
        String chatId = startChat(alice, bob);
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            sent.add(send(alice, chatId, "message " + i));
        }
        // ten marks in a row: the newest message lies further back in the stream than the first look
        for (String message : sent) {
            assertThat(read(bob, chatId, message).status()).isEqualTo(204);
        }
        double fromCache = pages("redis");
        // a page that waited for a message number the chat does not have would take the full read-your-writes timeout
        await().atMost(PUSH).untilAsserted(() -> {
            List<String> texts = texts(bob, chatId);
            assertThat(texts).hasSize(10).startsWith("message 10").endsWith("message 1");
            assertThat(pages("redis")).as("served by the cache").isGreaterThan(fromCache);
        });

        send(bob, chatId, "a reply after the marks");
        assertThat(read(alice, chatId, send(bob, chatId, "and the newest")).status()).isEqualTo(204);
        assertThat(texts(alice, chatId)).as("read-your-writes").hasSize(12).startsWith("and the newest", "a reply after the marks");
    }

    @Test
    void anIdOfAnotherKindIsNoChatAndIsAnsweredWithoutWaitingForOne() {
        String order = api.post("/api/v1/orders", alice.token(), "{\"price\": 1}").json().get("orderId").asString();
        for (String id : List.of(alice.userId().toString(), bob.userId().toString(), order)) {
            long started = System.nanoTime();
            assertThat(api.get("/api/v1/chats/" + id + "/messages", alice.token()).status()).isEqualTo(404);
            assertThat(api.post("/api/v1/chats/" + id + "/messages", alice.token(), "{\"text\": \"hi\"}").status()).isEqualTo(404);
            assertThat(read(alice, id, id).status()).isEqualTo(404);
            // a wait for a chat that never comes would take the read-your-writes timeout for each of the three
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered at once").isLessThan(readYourWritesTimeout);
        }
        assertThat(events.count(alice.userId().toString(), "MessageSent")).isZero();
    }

    @Test
    void readMarksRefuseOutsidersAndMessagesTheChatDoesNotHave() {
        String chatId = startChat(alice, bob);
        String message = send(alice, chatId, "hello");
        String elsewhere = send(alice, startChat(alice, carol), "another chat");

        assertThat(read(carol, chatId, message).status()).isEqualTo(403);
        Api.Response foreign = read(bob, chatId, elsewhere);
        assertThat(foreign.status()).as(foreign.body()).isEqualTo(400);
        assertThat(foreign.body()).contains("invalid-read-mark");
        assertThat(api.post("/api/v1/chats/" + chatId + "/read", bob.token(), "{\"upTo\": \"not-a-uuid\"}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/chats/" + chatId + "/read", bob.token(), "{}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/chats/" + chatId + "/read", null, "{\"upTo\": \"" + message + "\"}").status()).isEqualTo(401);
        assertThat(events.count(chatId, "ChatRead")).isZero();
        assertThat(chatOf(bob, chatId).get("unread").asInt()).isEqualTo(1);
    }

    @Test
    void theUserTopicTellsOfNewChatsMessagesReadMarksAndTyping() {
        try (WebSocketClient bobs = WebSocketClient.connect(port, bob.token());
             WebSocketClient alices = WebSocketClient.connect(port, alice.token())) {
            bobs.subscribe("user:" + bob.userId());
            alices.subscribe("user:" + alice.userId());
            assertThat(bobs.next("subscribed", PUSH)).isNotNull();
            assertThat(alices.next("subscribed", PUSH)).isNotNull();

            String chatId = startChat(alice, bob);
            JsonNode started = nextChange(bobs, "chat-started");
            assertThat(started.get("chatId").asString()).isEqualTo(chatId);
            assertThat(started.get("companionId").asString()).isEqualTo(alice.userId().toString());

            String messageId = send(alice, chatId, "are you there?");
            JsonNode message = nextChange(bobs, "message");
            assertThat(message.get("message").get("messageId").asString()).isEqualTo(messageId);
            assertThat(message.get("message").get("text").asString()).isEqualTo("are you there?");
            assertThat(message.get("unread").asInt()).isEqualTo(1);

            read(bob, chatId, messageId);
            JsonNode readMark = nextChange(alices, "read");
            assertThat(readMark.get("readerId").asString()).isEqualTo(bob.userId().toString());
            assertThat(readMark.get("upTo").asString()).isEqualTo(messageId);

            for (int i = 0; i < 10; i++) {
                bobs.send("{\"type\": \"typing\", \"topic\": \"chat:" + chatId + "\"}");
            }
            JsonNode typing = nextChange(alices, "typing");
            assertThat(typing.get("userId").asString()).isEqualTo(bob.userId().toString());
            assertThat(typing.get("chatId").asString()).isEqualTo(chatId);
            assertThat(alices.next(Duration.ofMillis(700))).as("a burst of keystrokes is relayed once a second at most").isNull();
            assertThat(kindsWithin(bobs, Duration.ofMillis(500))).as("nobody hears their own typing").doesNotContain("typing");
            assertThat(events.count(chatId)).as("typing is never stored: started, one message, one read mark").isEqualTo(3);
        }
    }

    @Test
    void noOneFollowsAnotherUsersTopicOrTypesInAChatOfOthers() {
        String chatId = startChat(alice, bob);
        try (WebSocketClient carols = WebSocketClient.connect(port, carol.token())) {
            carols.subscribe("user:" + alice.userId());
            JsonNode refused = carols.next("error", PUSH);
            assertThat(refused.get("status").asInt()).isEqualTo(403);
            carols.send("{\"type\": \"typing\", \"topic\": \"chat:" + chatId + "\"}");
            assertThat(carols.next("error", PUSH).get("status").asInt()).isEqualTo(403);
            carols.send("{\"type\": \"typing\", \"topic\": \"user:" + alice.userId() + "\"}");
            assertThat(carols.next("error", PUSH).get("status").asInt()).isEqualTo(400);
            carols.subscribe("user:not-a-uuid");
            assertThat(carols.next("error", PUSH).get("status").asInt()).isEqualTo(404);
        }
    }

    @Test
    void theDirectoryFindsOnePersonByExactUsernameOrEmailAndNobodyElse() {
        JsonNode byName = api.get("/api/v1/users?username=" + bob.username().toUpperCase(), alice.token()).json();
        assertThat(byName).hasSize(1);
        assertThat(byName.get(0).get("userId").asString()).isEqualTo(bob.userId().toString());
        assertThat(byName.get(0).get("displayName").asString()).isEqualTo(bob.username());
        assertThat(byName.get(0).has("email")).as("the directory shows no email").isFalse();
        JsonNode byEmail = api.get("/api/v1/users?email=" + bob.username() + "@example.com", alice.token()).json();
        assertThat(byEmail).hasSize(1);

        assertThat(api.get("/api/v1/users?username=" + bob.username().substring(0, 10), alice.token()).json()).as("no prefixes").isEmpty();
        assertThat(api.get("/api/v1/users?username=%25", alice.token()).json()).as("no wildcards").isEmpty();
        assertThat(api.get("/api/v1/users", alice.token()).status()).as("no listing").isEqualTo(400);
        assertThat(api.get("/api/v1/users?username=a&email=b@example.com", alice.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/users?username=" + "x".repeat(255), alice.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/users?username=" + bob.username(), null).status()).isEqualTo(401);

        assertThat(api.post("/api/v1/profile/erasure", bob.token(), "{\"password\": \"" + Api.PASSWORD + "\"}").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/users?username=" + bob.username(), alice.token()).json()).as("erased users are not found").isEmpty();
    }

    @Test
    void aBurstOfLookupsIsCutOff() {
        int answered = 0;
        Api.Response last = null;
        for (int i = 0; i < 40; i++) {
            last = api.get("/api/v1/users?email=nobody" + i + "@example.com", carol.token());
            if (last.status() == 200) {
                answered++;
            }
        }
        assertThat(answered).isEqualTo(30);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.retryAfter()).isNotNull();
        assertThat(api.get("/api/v1/users?username=" + alice.username(), bob.token()).status()).as("per caller").isEqualTo(200);
    }

    @Test
    void thePublicLivePageCountsWithoutSignInAndStreamsTheSame() throws Exception {
        JsonNode before = api.get("/api/v1/public/activity", null).json();
        String chatId = startChat(alice, bob);
        send(alice, chatId, "counted");
        await().atMost(PUSH).untilAsserted(() -> assertThat(api.get("/api/v1/public/activity", null).json()
                .get("messagesToday").asLong()).isGreaterThan(before.get("messagesToday").asLong()));
        JsonNode now = api.get("/api/v1/public/activity", null).json();
        assertThat(now.get("feed").get(0).get("kind").asString()).isEqualTo("chat-started");
        assertThat(now.toString()).as("nothing personal").doesNotContain(alice.username(), bob.username(), alice.userId().toString(),
                chatId, "counted");

        HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/public/activity/stream")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body()))) {
            assertThat(lines.readLine()).isEqualTo("event:activity");
            assertThat(lines.readLine()).startsWith("data:{\"policiesIssued\":");
        }
    }

    @Test
    void replayingTheChatsGroupRebuildsTheListExactly() {
        String chatId = startChat(alice, bob);
        String other = startChat(carol, bob);
        String last = null;
        for (int i = 0; i < 6; i++) {
            last = send(i % 3 == 0 ? bob : alice, chatId, "m" + i);
            send(carol, other, "c" + i);
        }
        read(bob, chatId, last);
        send(alice, chatId, "after the mark");
        await().atMost(PUSH).untilAsserted(() -> assertThat(chatOf(bob, chatId).get("lastMessage").get("text").asString())
                .isEqualTo("after the mark"));
        List<Map<String, Object>> before = listRows(chatId, other);
        long countedBefore = messagesCounted();

        String admin = api.adminToken();
        assertThat(api.post("/api/v1/admin/projections/chats/replay", admin, "{}").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode status = StreamSupport.stream(api.get("/api/v1/admin/projections", admin).json().spliterator(), false)
                    .filter(processor -> processor.get("name").asString().equals("chats")).findFirst().orElseThrow();
            assertThat(status.get("replaying").asBoolean()).isFalse();
            assertThat(status.get("lag").asLong()).isZero();
            assertThat(listRows(chatId, other)).isEqualTo(before);
            // equal on a database that had every message through this version; an older one also counts what preceded it
            assertThat(messagesCounted()).isGreaterThanOrEqualTo(countedBefore);
        });
        assertThat(chatOf(bob, chatId).get("unread").asInt()).isEqualTo(1);
    }

    private List<Map<String, Object>> listRows(String... chatIds) {
        return jdbc.queryForList("select * from chat_members where chat_id::text = any(?) order by chat_id, user_id", (Object) chatIds);
    }

    private long messagesCounted() {
        return jdbc.queryForObject("select coalesce(sum(messages), 0) from chat_daily_messages", Long.class);
    }

    private static List<String> kindsWithin(WebSocketClient socket, Duration wait) {
        List<String> kinds = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        JsonNode frame;
        while ((frame = socket.next("event", Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) != null) {
            kinds.add(frame.get("payload").path("kind").asString(""));
        }
        return kinds;
    }

    private static JsonNode nextChange(WebSocketClient socket, String kind) {
        long deadline = System.nanoTime() + PUSH.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = socket.next("event", Duration.ofNanos(deadline - System.nanoTime()));
            if (frame != null && frame.get("payload").path("kind").asString("").equals(kind)) {
                return frame.get("payload");
            }
        }
        throw new AssertionError("no " + kind + " on the user topic within " + PUSH);
    }

    private List<String> texts(Api.User user, String chatId) {
        Api.Response page = api.get("/api/v1/chats/" + chatId + "/messages", user.token());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return StreamSupport.stream(page.json().spliterator(), false).map(message -> message.get("text").asString()).toList();
    }

    private double pages(String source) {
        return meters.counter("policyhub.chats.history.pages", "source", source).count();
    }

    private JsonNode chatOf(Api.User user, String chatId) {
        return StreamSupport.stream(api.get("/api/v1/chats", user.token()).json().spliterator(), false)
                .filter(chat -> chat.get("chatId").asString().equals(chatId)).findFirst().orElseThrow();
    }

    private Api.Response read(Api.User user, String chatId, String messageId) {
        return api.post("/api/v1/chats/" + chatId + "/read", user.token(), "{\"upTo\": \"" + messageId + "\"}");
    }

    private String startChat(Api.User user, Api.User companion) {
        Api.Response response = api.post("/api/v1/chats", user.token(), "{\"companionId\": \"" + companion.userId() + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("chatId").asString();
    }

    private String send(Api.User user, String chatId, String text) {
        Api.Response response = api.post("/api/v1/chats/" + chatId + "/messages", user.token(), "{\"text\": \"" + text + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("messageId").asString();
    }
}
