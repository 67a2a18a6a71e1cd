package io.policyhub.app.chats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import io.micrometer.core.instrument.MeterRegistry;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.EventLog;
import io.policyhub.app.support.IntegrationTest;
import io.policyhub.app.support.LocalInfrastructure;
import io.policyhub.app.support.WebSocketClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.policyhub.platform.clickhouse.ClickHouseConnections;
import io.policyhub.platform.redis.SharedRedisConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Chats against the real PostgreSQL, Redis and 3-shard ClickHouse cluster, over HTTP and /ws. */
@IntegrationTest
class ChatsIT {

    private static final Duration PUSH = Duration.ofSeconds(10);

    @LocalServerPort
    int port;
    @Autowired
    ClickHouseConnections clickHouse;
    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventLog events;
    @Autowired
    MeterRegistry meters;
    @Autowired
    SharedRedisConnection redisConnection;

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
    void membersChatOverRestAndOutsidersSeeNothing() {
        String chatId = startChat(alice, bob);
        assertThat(startChat(alice, bob)).as("the pair has one chat").isEqualTo(chatId);
        assertThat(startChat(bob, alice)).isEqualTo(chatId);

        String first = send(alice, chatId, "hello Bob", "c-1");
        send(bob, chatId, "hi Alice", null);
        assertThat(send(alice, chatId, "hello Bob", "c-1")).as("a resend is the same message").isEqualTo(first);

        JsonNode history = api.get("/api/v1/chats/" + chatId + "/messages", bob.token()).json();
        assertThat(texts(history)).containsExactly("hi Alice", "hello Bob");
        assertThat(history.get(1).get("messageId").asString()).isEqualTo(first);
        assertThat(history.get(1).get("senderId").asString()).isEqualTo(alice.userId().toString());
        assertThat(history.get(1).get("chatId").asString()).isEqualTo(chatId);
        assertThat(history.get(1).get("sentAt").asString()).endsWith("Z");
        assertThat(api.get("/api/v1/chats", bob.token()).json().get(0).get("companionId").asString())
                .isEqualTo(alice.userId().toString());

        assertThat(api.get("/api/v1/chats/" + chatId + "/messages", carol.token()).status()).isEqualTo(403);
        assertThat(api.get("/api/v2/chats/" + chatId + "/messages", carol.token()).status()).isEqualTo(403);
        Api.Response intrusion = api.post("/api/v1/chats/" + chatId + "/messages", carol.token(), "{\"text\": \"hi\"}");
        assertThat(intrusion.status()).isEqualTo(403);
        assertThat(intrusion.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/api/v1/chats", carol.token()).json()).isEmpty();
        awaitHistoryInClickHouse(chatId, 2);
        assertThat(clickHouse.router().queryForObject("SELECT count() FROM chat_messages WHERE message_id = ?",
                Long.class, first)).as("stored once").isEqualTo(1);
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        String chatId = startChat(alice, bob);
        assertThat(api.post("/api/v1/chats/" + chatId + "/messages", alice.token(), "{\"text\": \"\"}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/chats/" + chatId + "/messages", alice.token(),
                "{\"text\": \"" + "x".repeat(4001) + "\"}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/chats", alice.token(), "{\"companionId\": \"" + alice.userId() + "\"}").status())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/chats", alice.token(), "{\"companionId\": \"7d4c3f0e-0000-4000-8000-000000000000\"}")
                .status()).isEqualTo(404);
        assertThat(api.get("/api/v1/chats/" + chatId + "/messages?limit=0", alice.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/v2/chats/" + chatId + "/messages?cursor=bm9wZQ", alice.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/chats/7d4c3f0e-0000-4000-8000-000000000000/messages", alice.token()).status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/chats/" + chatId + "/messages", alice.token()).json()).isEmpty();
    }

    @Test
    void aChatsMessagesLiveOnTheShardThatCityHashPicks() {
        for (Api.User[] pair : List.of(new Api.User[] {alice, bob}, new Api.User[] {alice, carol}, new Api.User[] {bob, carol})) {
            String chatId = startChat(pair[0], pair[1]);
            for (int i = 0; i < 3; i++) {
                send(pair[i % 2], chatId, "m" + i, null);
            }
            awaitHistoryInClickHouse(chatId, 3);
            int shard = clickHouse.router().queryForObject("SELECT cityHash64(?) % 3", Integer.class, chatId);
            List<Long> perShard = clickHouse.shards().stream()
                    .map(node -> node.queryForObject("SELECT count() FROM chat_messages_local WHERE chat_id = ?", Long.class, chatId))
                    .toList();
            for (int node = 0; node < perShard.size(); node++) {
                assertThat(perShard.get(node)).as("shard %d of chat %s", node + 1, chatId).isEqualTo(node == shard ? 3 : 0);
            }
        }
    }

    @Test
    void theHotCacheAndClickHouseAnswerAlikeAndPagesWalkTheWholeHistory() {
        String chatId = startChat(alice, bob);
        for (int i = 1; i <= 130; i++) {
            send(i % 2 == 0 ? alice : bob, chatId, "message " + i, "id-" + i);
        }
        awaitHistoryInClickHouse(chatId, 130);

        double cacheBefore = pages("redis");
        JsonNode cached = api.get("/api/v1/chats/" + chatId + "/messages?limit=50", bob.token()).json();
        assertThat(pages("redis")).as("served by Redis").isEqualTo(cacheBefore + 1);
        assertThat(texts(cached).get(0)).isEqualTo("message 130");

        double clickHouseBefore = pages("clickhouse");
        JsonNode wide = api.get("/api/v1/chats/" + chatId + "/messages?limit=150", bob.token()).json();
        assertThat(pages("clickhouse")).as("more than the cache holds: ClickHouse").isEqualTo(clickHouseBefore + 1);
        assertThat(wide).hasSize(130);
        assertThat(List.copyOf(toList(wide).subList(0, 50))).isEqualTo(toList(cached));

        // v1 pages by message id and v2 pages by cursor walk the same history
        List<JsonNode> v1 = new ArrayList<>();
        JsonNode page = api.get("/api/v1/chats/" + chatId + "/messages?limit=40", alice.token()).json();
        while (!page.isEmpty()) {
            v1.addAll(toList(page));
            page = api.get("/api/v1/chats/" + chatId + "/messages?limit=40&before="
                    + page.get(page.size() - 1).get("messageId").asString(), alice.token()).json();
        }
        List<JsonNode> v2 = new ArrayList<>();
        JsonNode v2Page = api.get("/api/v2/chats/" + chatId + "/messages?limit=40", alice.token()).json();
        v2.addAll(toList(v2Page.get("messages")));
        while (!v2Page.get("nextCursor").isNull()) {
            v2Page = api.get("/api/v2/chats/" + chatId + "/messages?limit=40&cursor="
                    + v2Page.get("nextCursor").asString(), alice.token()).json();
            v2.addAll(toList(v2Page.get("messages")));
        }
        assertThat(v1).hasSize(130).isEqualTo(toList(wide)).isEqualTo(v2);
        assertThat(redis().zcard("chat-recent:" + chatId)).as("the cache keeps the newest 100").isEqualTo(100);
    }

    @Test
    void aPageServedByClickHouseGoesBackIntoTheCacheWhichTheProjectionThenContinues() {
        String chatId = startChat(alice, bob);
        for (int i = 1; i <= 30; i++) {
            send(i % 2 == 0 ? alice : bob, chatId, "message " + i, null);
        }
        awaitHistoryInClickHouse(chatId, 30);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis().zcard("chat-recent:" + chatId) == 30);
        redis().del("chat-recent:" + chatId); // what a Redis outage or a timed-out cache write leaves behind

        double clickHouseBefore = pages("clickhouse");
        JsonNode fromClickHouse = api.get("/api/v1/chats/" + chatId + "/messages?limit=20", bob.token()).json();
        assertThat(pages("clickhouse")).as("nothing cached: ClickHouse").isEqualTo(clickHouseBefore + 1);
        assertThat(redis().zcard("chat-recent:" + chatId)).as("the page put back").isEqualTo(20);

        double cacheBefore = pages("redis");
        assertThat(api.get("/api/v1/chats/" + chatId + "/messages?limit=20", bob.token()).json())
                .as("the same page, now from Redis").isEqualTo(fromClickHouse);
        assertThat(pages("redis")).isEqualTo(cacheBefore + 1);
        assertThat(pages("clickhouse")).isEqualTo(clickHouseBefore + 1);

        // the projection continues the page put back, and a page wider than it is not served with a hole
        send(alice, chatId, "message 31", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis().zcard("chat-recent:" + chatId) == 21);
        JsonNode newest = api.get("/api/v1/chats/" + chatId + "/messages?limit=21", bob.token()).json();
        assertThat(pages("redis")).isEqualTo(cacheBefore + 2);
        assertThat(texts(newest).get(0)).isEqualTo("message 31");
        assertThat(texts(newest).get(20)).isEqualTo("message 11");
        JsonNode wider = api.get("/api/v1/chats/" + chatId + "/messages?limit=25", bob.token()).json();
        assertThat(pages("clickhouse")).as("older than the cached copy: ClickHouse").isEqualTo(clickHouseBefore + 2);
        assertThat(texts(wider).get(24)).isEqualTo("message 7");
    }

    @Test
    void aLongChatIsSnapshotted() {
        String chatId = startChat(alice, bob);
        for (int i = 0; i < 260; i++) {
            send(alice, chatId, "m" + i, null);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events.snapshotSequence(chatId))
                .as("a snapshot once the chat has 250 events (sequence numbers from 0)").hasValueSatisfying(
                        sequence -> assertThat(sequence).isGreaterThanOrEqualTo(249)));
        assertThat(send(bob, chatId, "after the snapshot", null)).isNotNull();
        assertThat(texts(api.get("/api/v1/chats/" + chatId + "/messages?limit=1", alice.token()).json()))
                .containsExactly("after the snapshot");
    }

    @Test
    void membersReceiveEveryMessageOverTheWebSocketInBothFrameFormats() {
        String chatId = startChat(alice, bob);
        String topic = "chat:" + chatId;
        try (WebSocketClient aliceSocket = WebSocketClient.connect(port, alice.token());
             WebSocketClient bobSocket = WebSocketClient.connect(port, bob.token());
             WebSocketClient carolSocket = WebSocketClient.connect(port, carol.token())) {
            carolSocket.subscribe(topic);
            assertThat(carolSocket.next(PUSH).get("status").asInt()).isEqualTo(403);
            aliceSocket.subscribe(topic);
            bobSocket.subscribe(topic);
            awaitSubscribed(aliceSocket);
            awaitSubscribed(bobSocket);

            aliceSocket.send("""
                    {"type": "send", "topic": "%s", "payload": {"text": "over the socket", "clientMessageId": "ws-1"}}"""
                    .formatted(topic));
            // the message's event may overtake the command's answer (through Axon Server it sometimes does)
            Map<String, JsonNode> toAlice = aliceSocket.nextOfEach(PUSH, "sent", "event");
            assertThat(toAlice).as("the answer and the message, in either order").containsKeys("sent", "event");
            JsonNode ack = toAlice.get("sent").get("payload");
            assertThat(ack.get("clientMessageId").asString()).isEqualTo("ws-1");
            assertThat(nextMessage(bobSocket).get("text").asString()).isEqualTo("over the socket");
            assertThat(toAlice.get("event").get("payload").get("messageId").asString())
                    .as("the sender receives it too").isEqualTo(ack.get("messageId").asString());

            bobSocket.send("""
                    {"topic": "messenger", "action": "send-message",
                     "payload": "{\\"chat_id\\": \\"%s\\", \\"messages\\": [{\\"text\\": \\"old client\\", \\"status\\": \\"new\\"}]}"}"""
                    .formatted(chatId));
            assertThat(nextMessage(aliceSocket).get("text").asString()).isEqualTo("old client");
            assertThat(nextMessage(bobSocket).get("senderId").asString()).isEqualTo(bob.userId().toString());

            aliceSocket.send("""
                    {"type": "send", "topic": "%s", "payload": {"text": "too long an id", "clientMessageId": "%s"}}"""
                    .formatted(topic, "x".repeat(129)));
            assertThat(aliceSocket.next("error", PUSH).get("status").asInt()).as("bad input over the socket").isEqualTo(400);

            carolSocket.send("""
                    {"type": "send", "topic": "%s", "payload": {"text": "let me in"}}""".formatted(topic));
            assertThat(carolSocket.next("error", PUSH).get("status").asInt()).isEqualTo(403);
            assertThat(aliceSocket.next(Duration.ofMillis(500))).as("nothing from the outsider").isNull();
        }
        assertThat(texts(api.get("/api/v1/chats/" + chatId + "/messages", alice.token()).json()))
                .containsExactly("old client", "over the socket");
    }

    @Test
    void withRedisDownMessagesAreStoredHistoryComesFromClickHouseAndPushesResume() {
        String chatId = startChat(alice, bob);
        send(alice, chatId, "before the outage", null);
        try (WebSocketClient bobSocket = WebSocketClient.connect(port, bob.token())) {
            bobSocket.subscribe("chat:" + chatId);
            awaitSubscribed(bobSocket);
            LocalInfrastructure.stop("redis");
            try {
                assertThat(send(alice, chatId, "during the outage", null)).isNotNull();
                awaitHistoryInClickHouse(chatId, 2);
                double clickHouseBefore = pages("clickhouse");
                assertThat(texts(api.get("/api/v1/chats/" + chatId + "/messages", bob.token()).json()))
                        .containsExactly("during the outage", "before the outage");
                assertThat(pages("clickhouse")).isEqualTo(clickHouseBefore + 1);
            } finally {
                LocalInfrastructure.start("redis");
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                send(alice, chatId, "after the outage", null);
                assertThat(nextMessage(bobSocket, Duration.ofSeconds(2))).as("a push after Redis returned").isNotNull();
            });
        }
    }

    @Test
    void withClickHouseDownMessagesAreStoredAndHistoryCatchesUpLosingNothing() {
        String chatId = startChat(alice, bob);
        LocalInfrastructure.stop("clickhouse");
        try {
            for (int i = 1; i <= 5; i++) {
                assertThat(send(i % 2 == 0 ? alice : bob, chatId, "while ClickHouse is down " + i, null)).isNotNull();
            }
        } finally {
            LocalInfrastructure.start("clickhouse");
        }
        awaitHistoryInClickHouse(chatId, 5);
        redis().del("chat-recent:" + chatId);
        assertThat(texts(api.get("/api/v1/chats/" + chatId + "/messages", alice.token()).json()))
                .containsExactly("while ClickHouse is down 5", "while ClickHouse is down 4", "while ClickHouse is down 3",
                        "while ClickHouse is down 2", "while ClickHouse is down 1");
    }

    @Test
    void replayRebuildsClickHouseOnEveryShardAndTheRedisCacheIdentically() {
        String chatId = startChat(alice, bob);
        for (int i = 0; i < 20; i++) {
            send(i % 2 == 0 ? alice : bob, chatId, "replayed " + i, null);
        }
        awaitHistoryInClickHouse(chatId, 20);
        List<Map<String, Object>> historyBefore = allHistory();
        var cacheBefore = redis().zrangeWithScores("chat-recent:" + chatId, 0, -1);

        String admin = api.adminToken();
        for (String projection : List.of("chat-history", "chat-live")) {
            assertThat(api.post("/api/v1/admin/projections/" + projection + "/replay", admin, "{}").status()).isEqualTo(202);
        }
        // seconds on an idle machine; the bound leaves room for a busy one
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String projection : List.of("chat-history", "chat-live")) {
                JsonNode status = StreamSupport.stream(api.get("/api/v1/admin/projections", admin).json().spliterator(), false)
                        .filter(processor -> processor.get("name").asString().equals(projection))
                        .findFirst().orElseThrow();
                assertThat(status.get("replaying").asBoolean()).as(projection).isFalse();
                assertThat(status.get("lag").asLong()).as(projection).isZero();
            }
            assertThat(allHistory()).isEqualTo(historyBefore);
            assertThat(redis().zrangeWithScores("chat-recent:" + chatId, 0, -1)).hasSize(20).isEqualTo(cacheBefore);
        });
    }

    private List<Map<String, Object>> allHistory() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (var shard : clickHouse.shards()) {
            rows.addAll(shard.queryForList("""
                    SELECT chat_id, sequence, message_id, sender_id, text, sent_at_ms FROM chat_messages_local
                    ORDER BY chat_id, sequence LIMIT 1 BY chat_id, sequence"""));
        }
        return rows;
    }

    private static void awaitSubscribed(WebSocketClient socket) {
        assertThat(socket.next("subscribed", PUSH)).as("subscription confirmed").isNotNull();
    }

    private JsonNode nextMessage(WebSocketClient socket) {
        JsonNode message = nextMessage(socket, PUSH);
        assertThat(message).as("a message event within %s", PUSH).isNotNull();
        return message;
    }

    private static JsonNode nextMessage(WebSocketClient socket, Duration timeout) {
        JsonNode frame = socket.next("event", timeout);
        return frame == null ? null : frame.get("payload");
    }

    private void awaitHistoryInClickHouse(String chatId, long messages) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() ->
                assertThat(clickHouse.router().queryForObject(
                        "SELECT uniqExact(sequence) FROM chat_messages WHERE chat_id = ?", Long.class, chatId))
                        .isEqualTo(messages));
    }

    private String startChat(Api.User user, Api.User companion) {
        Api.Response response = api.post("/api/v1/chats", user.token(), "{\"companionId\": \"" + companion.userId() + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("chatId").asString();
    }

    private String send(Api.User user, String chatId, String text, String clientMessageId) {
        String body = clientMessageId == null ? "{\"text\": \"%s\"}".formatted(text)
                : "{\"text\": \"%s\", \"clientMessageId\": \"%s\"}".formatted(text, clientMessageId);
        Api.Response response = api.post("/api/v1/chats/" + chatId + "/messages", user.token(), body);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("messageId").asString();
    }

    private double pages(String source) {
        return meters.counter("policyhub.chats.history.pages", "source", source).count();
    }

    private RedisCommands<String, String> redis() {
        return redisConnection.get().sync();
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private static List<String> texts(JsonNode messages) {
        return toList(messages).stream().map(message -> message.get("text").asString()).toList();
    }
}
