package io.policyhub.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.StreamSupport;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.Chromium;
import io.policyhub.app.support.InsurerSimulator;
import io.policyhub.app.support.IntegrationTest;
import io.policyhub.app.support.RecordedSpans;
import io.policyhub.app.support.WebSocketClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /graphql}: the signed-in client's graph, batch loading, limits, problem codes and subscriptions. */
@IntegrationTest
@ExtendWith(InsurerSimulator.Prompt.class)
class GraphQlIT {

    private static final Logger log = LoggerFactory.getLogger(GraphQlIT.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** A refusal can come only after the read-your-writes wait for the row it checks (15 s at most here). */
    private static final Duration REFUSAL = WAIT.plusSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    RecordedSpans spans;

    private Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void theClientsWholeGraphInOneQuery() {
        Api.User user = api.newUser();
        Api.User companion = api.newUser();
        api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 100}");
        String paid = api.post("/api/v1/orders", user.token(), "{\"price\": 30, \"description\": \"casco\"}").json().get("orderId").asString();
        String rejected = api.post("/api/v1/orders", user.token(), "{\"price\": 500}").json().get("orderId").asString();
        String chatId = api.post("/api/v1/chats", user.token(), "{\"companionId\": \"" + companion.userId() + "\"}").json()
                .get("chatId").asString();
        api.post("/api/v1/chats/" + chatId + "/messages", user.token(), "{\"text\": \"hello\"}");
        api.post("/api/v1/chats/" + chatId + "/messages", companion.token(), "{\"text\": \"hi there\"}");
        api.get("/api/v1/orders/" + rejected, user.token()); // waits until final
        api.post("/api/v1/profile/documents", user.token(), "{\"type\": \"PASSPORT\", \"number\": \"4510123456\", \"issuedAt\": \"2015-01-01\"}");
        api.post("/api/v1/profile/relatives", user.token(), "{\"relation\": \"CHILD\", \"fullName\": \"Masha\", \"birthDate\": \"2019-09-09\"}");

        JsonNode me = data(user, """
                { me { userId profile { username } documents { type number issuedAt } relatives { relation fullName licenseNumber }
                       account { balance currency statement(limit: 1) { balance entries { kind amount balanceAfter orderId } nextCursor } }
                       orders { orderId status price description notifications { kind subject } }
                       applications { applicationId } policies { number }
                       chats { chatId companionId latestMessages(limit: 5) { text senderId } } } }""").get("me");

        assertThat(me.get("userId").asString()).isEqualTo(user.userId().toString());
        assertThat(me.get("profile").get("username").asString()).isEqualTo(user.username());
        assertThat(me.at("/documents/0/number").asString()).isEqualTo("4510123456");
        assertThat(me.at("/documents/0/issuedAt").asString()).isEqualTo("2015-01-01");
        assertThat(me.at("/relatives/0/relation").asString()).isEqualTo("CHILD");
        assertThat(me.at("/relatives/0/licenseNumber").isNull()).isTrue();
        assertThat(me.get("account").get("balance").asString()).isEqualTo("70.00");
        JsonNode statement = me.get("account").get("statement");
        assertThat(statement.get("entries").get(0).get("kind").asString()).isEqualTo("ORDER_DEBIT");
        assertThat(statement.get("entries").get(0).get("amount").asString()).isEqualTo("-30.00");
        assertThat(statement.get("entries").get(0).get("orderId").asString()).isEqualTo(paid);
        assertThat(statement.get("nextCursor").asString()).isNotBlank();
        String next = statement.get("nextCursor").asString();
        assertThat(data(user, "{ me { account { statement(cursor: \"" + next + "\") { entries { kind } } } } }")
                .at("/me/account/statement/entries/0/kind").asString()).isEqualTo("DEPOSIT");
        assertThat(list(me.get("orders"))).extracting(order -> order.get("orderId").asString()).containsExactly(rejected, paid);
        JsonNode rejectedOrder = me.get("orders").get(0);
        assertThat(rejectedOrder.get("status").asString()).isEqualTo("REJECTED");
        assertThat(rejectedOrder.get("notifications").get(0).get("kind").asString()).isEqualTo("ORDER_REJECTED");
        assertThat(me.get("orders").get(1).get("notifications").get(0).get("kind").asString()).isEqualTo("ORDER_PAID");
        assertThat(me.get("orders").get(1).get("price").asString()).isEqualTo("30.00");
        assertThat(me.get("applications")).isEmpty();
        assertThat(me.get("policies")).isEmpty();
        assertThat(me.get("chats")).hasSize(1);
        assertThat(me.get("chats").get(0).get("companionId").asString()).isEqualTo(companion.userId().toString());
        assertThat(list(me.get("chats").get(0).get("latestMessages"))).extracting(message -> message.get("text").asString())
                .containsExactly("hi there", "hello");

        JsonNode theirs = data(companion, "{ me { account { balance } chats { chatId latestMessages { text } } } }");
        assertThat(theirs.at("/me/account/balance").asString()).isEqualTo("0.00");
        assertThat(theirs.at("/me/chats/0/latestMessages")).as("the chat is the companion's too").hasSize(2);
    }

    /** Every type is reached through {@code me} only: a stranger's graph holds none of another client's objects. */
    @Test
    void noTypeShowsAnotherClientsData() {
        Api.User owner = api.newUser();
        Api.User companion = api.newUser();
        Api.User stranger = api.newUser();
        api.post("/api/v1/accounts/me/deposits", owner.token(), "{\"amount\": 1000000}");
        api.post("/api/v1/orders", owner.token(), "{\"price\": 5}");
        api.post("/api/v1/profile/documents", owner.token(), "{\"type\": \"PASSPORT\", \"number\": \"4510123456\", \"issuedAt\": \"2015-01-01\"}");
        api.post("/api/v1/profile/relatives", owner.token(), "{\"relation\": \"CHILD\", \"fullName\": \"Masha\", \"birthDate\": \"2019-09-09\"}");
        String chatId = api.post("/api/v1/chats", owner.token(), "{\"companionId\": \"" + companion.userId() + "\"}").json()
                .get("chatId").asString();
        api.post("/api/v1/chats/" + chatId + "/messages", owner.token(), "{\"text\": \"private\"}");
        String applicationId = api.post("/api/v1/insurance/applications", owner.token(), "application/json",
                InsurerSimulator.APPLICATION, UUID.randomUUID().toString()).json().get("applicationId").asString();
        api.awaitCompleted(owner, applicationId, WAIT);
        api.post("/api/v1/insurance/applications/" + applicationId + "/quotes/sogaz/accept", owner.token(), "{}");
        String everything = """
                { me { userId profile { username } documents { documentId } relatives { relativeId }
                       account { accountId statement { entries { entryId } } }
                       orders { orderId notifications { notificationId } }
                       applications { applicationId insurers { insurer } } policies { policyId }
                       chats { chatId latestMessages { messageId } } } }""";
        await().atMost(WAIT).until(() -> data(owner, everything).at("/me/policies").size() == 1);

        JsonNode mine = data(owner, everything).get("me");
        JsonNode theirs = data(stranger, everything).get("me");

        for (String list : List.of("documents", "relatives", "orders", "applications", "policies", "chats")) {
            assertThat(mine.get(list)).as("the owner's " + list).isNotEmpty();
            assertThat(theirs.get(list)).as("a stranger's " + list).isEmpty();
        }
        assertThat(mine.at("/orders/0/notifications")).isNotEmpty();
        assertThat(mine.at("/chats/0/latestMessages")).isNotEmpty();
        assertThat(theirs.get("userId").asString()).isEqualTo(stranger.userId().toString());
        assertThat(theirs.at("/profile/username").asString()).isEqualTo(stranger.username());
        assertThat(theirs.at("/account/accountId").asString()).isNotEqualTo(mine.at("/account/accountId").asString());
        assertThat(theirs.at("/account/statement/entries")).isEmpty();
    }

    @Test
    void withoutAValidTokenThereIsNoGraph() {
        Api.Response anonymous = api.post("/graphql", null, "{\"query\": \"{ me { userId } }\"}");
        Api.Response forged = api.post("/graphql", "not.a.token", "{\"query\": \"{ me { userId } }\"}");

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(forged.status()).isEqualTo(401);
    }

    @Test
    void aNestedListCostsTheSameStatementsForOneChildAsForFifty() {
        Api.User few = api.newUser();
        Api.User many = api.newUser();
        api.post("/api/v1/accounts/me/deposits", few.token(), "{\"amount\": 1000}");
        api.post("/api/v1/accounts/me/deposits", many.token(), "{\"amount\": 1000}");
        api.post("/api/v1/orders", few.token(), "{\"price\": 1}");
        for (int i = 0; i < 50; i++) {
            api.post("/api/v1/orders", many.token(), "{\"price\": 1}");
        }
        String query = "{ me { orders(limit: 100) { orderId notifications { kind } } } }";
        await().atMost(WAIT).until(() -> data(many, query).at("/me/orders").size() == 50
                && StreamSupport.stream(data(many, query).at("/me/orders").spliterator(), false)
                .allMatch(order -> order.get("notifications").size() == 1));

        long oneOrder = statementsOf(few, query, 1);
        long fiftyOrders = statementsOf(many, query, 50);

        log.info("SQL statements of one GraphQL query: {} over 1 order, {} over 50 orders", oneOrder, fiftyOrders);
        assertThat(oneOrder).isPositive();
        assertThat(fiftyOrders).as("the letters of 50 orders are loaded in one batch").isEqualTo(oneOrder);
    }

    @Test
    void tooDeepOrTooComplexQueriesAreRefusedBeforeTheyRun() {
        Api.User user = api.newUser();
        StringBuilder wide = new StringBuilder("{");
        for (int i = 0; i < 120; i++) {
            wide.append(" a").append(i).append(": me { userId }");
        }
        String deep = "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }";

        JsonNode complex = graphQl(user, wide.append(" }").toString());
        JsonNode nested = graphQl(user, deep);

        assertThat(complex.get("errors").get(0).get("message").asString()).containsIgnoringCase("complexity");
        assertThat(complex.path("data").isNull() || complex.path("data").isMissingNode()).isTrue();
        assertThat(nested.get("errors").get(0).get("message").asString()).containsIgnoringCase("depth");
    }

    @Test
    void errorsCarryTheProblemCodesOfTheRestApi() {
        Api.User user = api.newUser();

        JsonNode badLimit = graphQl(user, "{ me { account { statement(limit: 0) { balance } } } }");
        JsonNode badCursor = graphQl(user, "{ me { account { statement(cursor: \"bm9wZQ\") { balance } } } }");
        JsonNode badInstant = graphQl(user, "{ me { account { statement(asOf: \"yesterday\") { balance } } } }");

        assertThat(badLimit.at("/errors/0/extensions/type").asString()).isEqualTo("/problems/invalid-limit");
        assertThat(badLimit.at("/errors/0/extensions/status").asInt()).isEqualTo(400);
        assertThat(badLimit.at("/errors/0/path/2").asString()).isEqualTo("statement");
        assertThat(badCursor.at("/errors/0/extensions/type").asString()).isEqualTo("/problems/invalid-cursor");
        assertThat(badInstant.at("/errors/0/message").asString()).contains("DateTime");
    }

    @Test
    void subscriptionsFollowOnesOwnChatAndApplicationAndNobodyElses() throws Exception {
        Api.User user = api.newUser();
        Api.User companion = api.newUser();
        Api.User stranger = api.newUser();
        String chatId = api.post("/api/v1/chats", user.token(), "{\"companionId\": \"" + companion.userId() + "\"}").json()
                .get("chatId").asString();
        try (WebSocketClient mine = connected(companion); WebSocketClient nosy = connected(stranger)) {
            mine.send(subscribe("1", "subscription { chatMessages(chatId: \\\"" + chatId + "\\\") { text senderId } }"));
            nosy.send(subscribe("1", "subscription { chatMessages(chatId: \\\"" + chatId + "\\\") { text } }"));

            JsonNode refused = nosy.next("error", REFUSAL);
            assertThat(refused.at("/payload/0/extensions/type").asString()).isEqualTo("/problems/not-a-member");
            await().atMost(WAIT).untilAsserted(() -> {
                api.post("/api/v1/chats/" + chatId + "/messages", user.token(), "{\"text\": \"are you there?\"}");
                JsonNode next = mine.next("next", Duration.ofSeconds(2));
                assertThat(next).isNotNull();
                assertThat(next.at("/payload/data/chatMessages/text").asString()).isEqualTo("are you there?");
                assertThat(next.at("/payload/data/chatMessages/senderId").asString()).isEqualTo(user.userId().toString());
            });
        }

        String applicationId = api.post("/api/v1/insurance/applications", user.token(), "application/json",
                InsurerSimulator.APPLICATION, UUID.randomUUID().toString()).json().get("applicationId").asString();
        try (WebSocketClient mine = connected(user); WebSocketClient nosy = connected(stranger)) {
            String progress = "subscription { applicationProgress(applicationId: \\\"" + applicationId + "\\\") { status insurers { status } } }";
            mine.send(subscribe("7", progress));
            nosy.send(subscribe("7", progress));

            assertThat(nosy.next("error", REFUSAL).at("/payload/0/extensions/type").asString()).isEqualTo("/problems/not-found");
            List<String> statuses = new ArrayList<>();
            JsonNode frame;
            while ((frame = mine.next(WAIT)) != null && !frame.get("type").asString().equals("complete")) {
                assertThat(frame.get("type").asString()).as(frame.toString()).isEqualTo("next");
                statuses.add(frame.at("/payload/data/applicationProgress/status").asString());
            }
            assertThat(frame).as("the subscription completes with the application").isNotNull();
            assertThat(statuses).last().isEqualTo("COMPLETED");
        }
    }

    @Test
    void theConsoleIsServedFromTheJarWithoutACdn() {
        Api.Response page = api.get("/graphiql/", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        List<String> scripts = new ArrayList<>();
        java.util.regex.Matcher references = java.util.regex.Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        while (references.find()) {
            scripts.add(references.group(1));
        }
        assertThat(scripts).containsExactlyInAnyOrder("graphiql.min.css", "react.production.min.js",
                "react-dom.production.min.js", "graphiql.min.js", "console.js");
        for (String script : scripts) {
            Api.Response asset = api.get("/graphiql/" + script, null);
            assertThat(asset.status()).as(script).isEqualTo(200);
            assertThat(asset.body().length()).as(script).isGreaterThan(100);
        }
        assertThat(api.get("/graphiql/console.js", null).body()).doesNotContain("http://", "https://");
    }

    /** The console's own scripts render GraphiQL in a real browser, with nothing fetched from elsewhere. */
    @Test
    void theConsoleRendersInAHeadlessBrowser() throws Exception {
        String dom = Chromium.renderedDom("http://127.0.0.1:" + port + "/graphiql/");

        assertThat(dom).contains("graphiql-container").doesNotContain("Loading the GraphQL console");
    }

    private WebSocketClient connected(Api.User user) {
        WebSocketClient socket = WebSocketClient.graphQl(port, user.token());
        socket.send("{\"type\": \"connection_init\"}");
        assertThat(socket.next("connection_ack", WAIT)).as("acknowledged").isNotNull();
        return socket;
    }

    private static String subscribe(String id, String query) {
        return "{\"id\": \"" + id + "\", \"type\": \"subscribe\", \"payload\": {\"query\": \"" + query + "\"}}";
    }

    /** The SQL statements one query ran, counted from its trace (its traceparent is ours). */
    private long statementsOf(Api.User user, String query, int orders) {
        String traceId = String.format("%032x", ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        Api.Response answer = api.raw("POST", "/graphql", Map.of("Authorization", "Bearer " + user.token(),
                "Content-Type", "application/json", "X-Forwarded-For", Api.randomAddress(),
                "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"), body(query));
        assertThat(answer.json().at("/data/me/orders").size()).isEqualTo(orders);
        return await().atMost(WAIT).until(() -> {
            List<SpanData> trace = spans.ofTrace(traceId);
            return trace.stream().anyMatch(span -> span.getName().startsWith("http post")) ? trace : null;
        }, trace -> trace != null).stream().filter(span -> span.getName().equals("query")).count();
    }

    private JsonNode data(Api.User user, String query) {
        JsonNode answer = graphQl(user, query);
        assertThat(answer.get("errors")).as(answer.toString()).isNull();
        return answer.get("data");
    }

    private JsonNode graphQl(Api.User user, String query) {
        Api.Response answer = api.post("/graphql", user.token(), body(query));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static String body(String query) {
        return JSON.writeValueAsString(Map.of("query", query));
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
