package io.policyhub.messenger.gateway;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import io.policyhub.api.insurance.ApplicationView;
import io.policyhub.api.insurance.FindApplication;
import io.policyhub.messenger.chats.ChatMembers;
import io.policyhub.messenger.chats.ChatCommands;
import io.policyhub.platform.redis.RedisPubSub;
import io.policyhub.platform.web.FailureProblems;
import io.policyhub.platform.web.StorableText;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The single {@code /ws} endpoint (the handshake is authenticated like every other request).
 * A client subscribes to topics: {@code application:<id>} (the owner only) receives the
 * application's state each time it changes, {@code chat:<id>} (members only) receives every new
 * message, whichever instance processed it (Redis pub/sub). Members send messages with
 * {@code send} frames; the frame format of the previous messenger ({@code action: send-message})
 * is accepted too. Every session has one worker thread, so its frames keep their order.
 * Refusals are error frames; the socket stays open.
 */
class RealtimeGatewayHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(RealtimeGatewayHandler.class);
    private static final String APPLICATION_TOPIC = "application:";
    private static final String CHAT_TOPIC = "chat:";
    private static final String LEGACY_TOPIC = "messenger";
    private static final int SEND_TIME_LIMIT_MS = 10_000;
    private static final int SEND_BUFFER_BYTES = 512 * 1024;

    private final JsonMapper json;
    private final QueryGateway queryGateway;
    private final RedisPubSub topics;
    private final ChatMembers chatMembers;
    private final ChatCommands chatMessaging;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    RealtimeGatewayHandler(JsonMapper json, QueryGateway queryGateway, RedisPubSub topics, ChatMembers chatMembers,
                           ChatCommands chatMessaging) {
        this.json = json;
        this.queryGateway = queryGateway;
        this.topics = topics;
        this.chatMembers = chatMembers;
        this.chatMessaging = chatMessaging;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        if (!(session.getPrincipal() instanceof JwtAuthenticationToken token)) {
            session.close(CloseStatus.POLICY_VIOLATION);
            return;
        }
        connections.put(session.getId(), new Connection(UUID.fromString(token.getToken().getSubject()),
                new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, SEND_BUFFER_BYTES)));
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        Connection connection = connections.get(session.getId());
        if (connection != null) {
            connection.worker.execute(() -> connection.handle(message.getPayload()));
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Connection connection = connections.remove(session.getId());
        if (connection != null) {
            connection.close();
        }
    }

    /** One client: its subscriptions and the worker thread that serves them in order. */
    private final class Connection {

        private final UUID userId;
        private final WebSocketSession session;
        private final ExecutorService worker = Executors.newSingleThreadExecutor();
        private final Map<String, AutoCloseable> subscriptions = new ConcurrentHashMap<>();

        Connection(UUID userId, WebSocketSession session) {
            this.userId = userId;
            this.session = session;
        }

        void handle(String payload) {
            JsonNode frame;
            try {
                frame = json.readTree(payload);
            } catch (JacksonException e) {
                sendError(null, 400, "Frames are JSON objects");
                return;
            }
            String type = frame.path("type").asString(null);
            String topic = frame.path("topic").asString(null);
            if (LEGACY_TOPIC.equals(topic) && "send-message".equals(frame.path("action").asString(null))) {
                sendLegacy(frame.path("payload").asString(""));
            } else if (type == null || topic == null) {
                sendError(topic, 400, "A frame needs a type and a topic");
            } else if (type.equals("subscribe")) {
                subscribe(topic);
            } else if (type.equals("unsubscribe")) {
                unsubscribe(topic);
            } else if (type.equals("send")) {
                send(topic, frame.path("payload"));
            } else {
                sendError(topic, 400, "Unknown frame type " + type);
            }
        }

        private void subscribe(String topic) {
            Optional<UUID> applicationId = idOf(topic, APPLICATION_TOPIC);
            Optional<UUID> chatId = idOf(topic, CHAT_TOPIC);
            if (applicationId.isPresent()) {
                subscribeApplication(topic, applicationId.get());
            } else if (chatId.isPresent()) {
                subscribeChat(topic, chatId.get());
            } else {
                sendError(topic, 404, "Unknown topic " + topic);
            }
        }

        /**
         * The projection publishes the application as every event left it: one frame per step. The
         * owner is checked before listening; the first frame is read after it, so no step is missed,
         * and a step no newer than the frames already sent is dropped (frames never go back).
         */
        private void subscribeApplication(String topic, UUID applicationId) {
            if (application(applicationId).isEmpty()) {
                sendError(topic, 403, "Only the owner may follow this application");
                return;
            }
            Instant[] shown = {Instant.MIN};
            listen(topic, message -> {
                JsonNode snapshot = json.readTree(message);
                Instant updatedAt = Instant.parse(snapshot.get("updatedAt").asString());
                if (updatedAt.isAfter(shown[0])) {
                    shown[0] = updatedAt;
                    sendEvent(topic, snapshot);
                }
            });
            application(applicationId).ifPresent(current -> {
                shown[0] = current.updatedAt();
                sendEvent(topic, current);
            });
        }

        /** Chat topics carry the message itself, so a push costs no read; "subscribed" says from when on. */
        private void subscribeChat(String topic, UUID chatId) {
            switch (chatMembers.access(chatId, userId)) {
                case MEMBER -> {
                    listen(topic, message -> sendEvent(topic, json.readTree(message)));
                    send(Map.of("type", "subscribed", "topic", topic));
                }
                case NOT_A_MEMBER -> sendError(topic, 403, "Only members may follow this chat");
                case NO_SUCH_CHAT -> sendError(topic, 404, "No such chat");
            }
        }

        /** Redis delivers on its I/O thread; the session's worker does the rest. */
        private void listen(String topic, Consumer<String> onMessage) {
            subscriptions.computeIfAbsent(topic, key -> topics.subscribe(topic,
                    message -> worker.execute(() -> onMessage.accept(message))));
        }

        private void unsubscribe(String topic) {
            AutoCloseable subscription = subscriptions.remove(topic);
            if (subscription != null) {
                closeQuietly(subscription);
            }
        }

        private void send(String topic, JsonNode payload) {
            Optional<UUID> chatId = idOf(topic, CHAT_TOPIC);
            if (chatId.isEmpty()) {
                sendError(topic, 400, "Messages are sent to chat topics");
                return;
            }
            String clientMessageId = textOf(payload.path("clientMessageId"));
            if (clientMessageId != null && (clientMessageId.isEmpty()
                    || clientMessageId.length() > ChatCommands.MAX_CLIENT_MESSAGE_ID_LENGTH)) {
                sendError(topic, 400, "clientMessageId must have 1 to " + ChatCommands.MAX_CLIENT_MESSAGE_ID_LENGTH + " characters");
                return;
            }
            String text = textOf(payload.path("text"));
            if (!storable(text) || !storable(clientMessageId)) {
                sendError(topic, 400, "text and clientMessageId " + StorableText.REFUSAL);
                return;
            }
            chatMessaging.send(chatId.get(), userId, text, clientMessageId)
                    .whenComplete((messageId, failure) -> worker.execute(() -> {
                        if (failure != null) {
                            sendFailure(topic, failure);
                        } else {
                            Map<String, Object> sent = new LinkedHashMap<>();
                            sent.put("messageId", messageId);
                            sent.put("clientMessageId", clientMessageId);
                            send(Map.of("type", "sent", "topic", topic, "payload", sent));
                        }
                    }));
        }

        /** {@code payload} is a JSON string: {@code {"chat_id": ..., "messages": [{"text": ..., "status": ...}]}}. */
        private void sendLegacy(String payload) {
            JsonNode request;
            try {
                request = json.readTree(payload);
            } catch (JacksonException e) {
                sendError(LEGACY_TOPIC, 400, "The payload is a JSON string with chat_id and messages");
                return;
            }
            Optional<UUID> chatId = idOf(CHAT_TOPIC + request.path("chat_id").asString(""), CHAT_TOPIC);
            if (chatId.isEmpty() || !request.path("messages").isArray()) {
                sendError(LEGACY_TOPIC, 400, "The payload is a JSON string with chat_id and messages");
                return;
            }
            for (JsonNode message : request.path("messages")) {
                String text = textOf(message.path("text"));
                if (!storable(text)) {
                    sendError(LEGACY_TOPIC, 400, "text " + StorableText.REFUSAL);
                    continue;
                }
                chatMessaging.send(chatId.get(), userId, text, null)
                        .whenComplete((messageId, failure) -> {
                            if (failure != null) {
                                worker.execute(() -> sendFailure(LEGACY_TOPIC, failure));
                            }
                        });
            }
        }

        /** Frames are read as trees, which the JSON mapper's text check does not see: the same rule, here. */
        private static boolean storable(String text) {
            return text == null || StorableText.isStorable(text);
        }

        /** A JSON string's text; anything else (a number, an object) is no text at all. */
        private static String textOf(JsonNode node) {
            return node.isString() ? node.asString() : null;
        }

        /** The same mapping as the HTTP errors ({@link FailureProblems}), as an error frame. */
        private void sendFailure(String topic, Throwable failure) {
            FailureProblems.Problem problem = FailureProblems.of(failure);
            sendError(topic, problem.status(), problem.detail().getDetail());
        }

        private Optional<ApplicationView> application(UUID applicationId) {
            return queryGateway.query(new FindApplication(applicationId, userId, null),
                    ResponseTypes.optionalInstanceOf(ApplicationView.class)).join();
        }

        private void sendEvent(String topic, Object payload) {
            send(Map.of("type", "event", "topic", topic, "payload", payload));
        }

        private void sendError(String topic, int status, String detail) {
            send(topic == null
                    ? Map.of("type", "error", "status", status, "detail", detail)
                    : Map.of("type", "error", "topic", topic, "status", status, "detail", detail));
        }

        private void send(Map<String, Object> frame) {
            try {
                session.sendMessage(new TextMessage(json.writeValueAsString(frame)));
            } catch (IOException | IllegalStateException e) {
                log.debug("Cannot send to session {}: {}", session.getId(), e.toString());
            }
        }

        void close() {
            subscriptions.values().forEach(RealtimeGatewayHandler::closeQuietly);
            subscriptions.clear();
            worker.shutdown();
        }
    }

    private static Optional<UUID> idOf(String topic, String prefix) {
        if (!topic.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(topic.substring(prefix.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("Cannot close a subscription: {}", e.toString());
        }
    }
}
