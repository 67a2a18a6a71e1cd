package io.policyhub.messenger.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.policyhub.messenger.gateway.FrameCodec.Inbound;
import io.policyhub.messenger.gateway.FrameCodec.Refused;
import io.policyhub.messenger.gateway.FrameCodec.Send;
import io.policyhub.platform.web.StorableText;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The previous messenger's frames, still sent by old clients:
 * {@code {"topic": "messenger", "action": "send-message", "payload": "<JSON string>"}} whose payload
 * is {@code {"chat_id": ..., "messages": [{"text": ..., "status": ...}]}}. Each message becomes a
 * send of the current protocol; the old protocol has no acknowledgement, so only failures are
 * answered, on topic {@code messenger}.
 */
final class LegacyFrames {

    static final String TOPIC = "messenger";
    private static final String BAD_PAYLOAD = "The payload is a JSON string with chat_id and messages";

    private LegacyFrames() {
    }

    static boolean isLegacy(JsonNode frame) {
        return TOPIC.equals(FrameCodec.textOf(frame.path("topic"))) && "send-message".equals(FrameCodec.textOf(frame.path("action")));
    }

    static List<Inbound> decode(JsonMapper json, JsonNode frame) {
        JsonNode request;
        try {
            String payload = FrameCodec.textOf(frame.path("payload"));
            request = json.readTree(payload == null ? "" : payload);
        } catch (JacksonException e) {
            return List.of(new Refused(TOPIC, 400, BAD_PAYLOAD));
        }
        Optional<TopicAccess.Topic> chat = TopicAccess.parse(TopicAccess.CHAT_PREFIX + FrameCodec.textOf(request.path("chat_id")))
                .filter(TopicAccess.ChatTopic.class::isInstance);
        if (chat.isEmpty() || !request.path("messages").isArray()) {
            return List.of(new Refused(TOPIC, 400, BAD_PAYLOAD));
        }
        List<Inbound> sends = new ArrayList<>();
        for (JsonNode message : request.path("messages")) {
            String text = FrameCodec.textOf(message.path("text"));
            sends.add(FrameCodec.storable(text)
                    ? new Send(chat.get().name(), text, null, TOPIC, false)
                    : new Refused(TOPIC, 400, "text " + StorableText.REFUSAL));
        }
        return sends;
    }
}
