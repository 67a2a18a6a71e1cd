package io.policyhub.messenger.gateway;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.policyhub.api.insurance.ApplicationView;
import io.policyhub.api.insurance.FindApplication;
import io.policyhub.platform.redis.Topics;
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
 * A client subscribes to topics; {@code application:<id>} is allowed to the application's owner
 * and then receives the application's state each time it changes, whichever instance processed
 * the change (Redis pub/sub). Every session has one worker thread, so its frames keep their order.
 * Refusals are error frames; the socket stays open.
 */
class RealtimeGatewayHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(RealtimeGatewayHandler.class);
    private static final String APPLICATION_TOPIC = "application:";
    private static final int SEND_TIME_LIMIT_MS = 10_000;
    private static final int SEND_BUFFER_BYTES = 512 * 1024;

    private final JsonMapper json;
    private final QueryGateway queryGateway;
    private final Topics topics;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    RealtimeGatewayHandler(JsonMapper json, QueryGateway queryGateway, Topics topics) {
        this.json = json;
        this.queryGateway = queryGateway;
        this.topics = topics;
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
            if (type == null || topic == null) {
                sendError(topic, 400, "A frame needs a type and a topic");
            } else if (type.equals("subscribe")) {
                subscribe(topic);
            } else if (type.equals("unsubscribe")) {
                unsubscribe(topic);
            } else {
                sendError(topic, 400, "Unknown frame type " + type);
            }
        }

        private void subscribe(String topic) {
            Optional<UUID> applicationId = idOf(topic, APPLICATION_TOPIC);
            if (applicationId.isEmpty()) {
                sendError(topic, 404, "Unknown topic " + topic);
                return;
            }
            Optional<ApplicationView> application = application(applicationId.get());
            if (application.isEmpty()) {
                sendError(topic, 403, "Only the owner may follow this application");
                return;
            }
            if (!subscriptions.containsKey(topic)) {
                subscriptions.put(topic, topics.subscribe(topic,
                        changed -> worker.execute(() -> application(applicationId.get()).ifPresent(view -> sendEvent(topic, view)))));
            }
            sendEvent(topic, application.get());
        }

        private void unsubscribe(String topic) {
            AutoCloseable subscription = subscriptions.remove(topic);
            if (subscription != null) {
                closeQuietly(subscription);
            }
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
