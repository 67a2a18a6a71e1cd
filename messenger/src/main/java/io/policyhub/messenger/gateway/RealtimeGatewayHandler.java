package io.policyhub.messenger.gateway;

import java.io.IOException;
import java.util.Map;

import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The single {@code /ws} endpoint. Reads JSON frames and dispatches them by topic; each feature
 * (chats, quote progress) registers its topics as it arrives. Until then every topic is unknown
 * and answered with an error frame, while the socket stays open.
 */
class RealtimeGatewayHandler extends TextWebSocketHandler {

    private final JsonMapper json;

    RealtimeGatewayHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
        JsonNode frame;
        try {
            frame = json.readTree(message.getPayload());
        } catch (JacksonException e) {
            sendError(session, null, 400, "Frames are JSON objects");
            return;
        }
        String topic = frame.path("topic").asString(null);
        String type = frame.path("type").asString(null);
        if (type == null || topic == null) {
            sendError(session, topic, 400, "A frame needs a type and a topic");
            return;
        }
        sendError(session, topic, 404, "Unknown topic " + topic);
    }

    private void sendError(WebSocketSession session, String topic, int status, String detail) throws IOException {
        Map<String, Object> frame = topic == null
                ? Map.of("type", "error", "status", status, "detail", detail)
                : Map.of("type", "error", "topic", topic, "status", status, "detail", detail);
        session.sendMessage(new TextMessage(json.writeValueAsString(frame)));
    }
}
