package io.policyhub.messenger.gateway;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.policyhub.messenger.chats.ChatCommands;
import io.policyhub.platform.web.StorableText;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's frame format. Decoding turns a client frame (of either protocol) into what the
 * session should do, with every refusal of bad input already decided; encoding writes the frames
 * the gateway sends: {@code event}, {@code subscribed}, {@code sent} and {@code error}.
 */
final class FrameCodec {

    /** A decoded client frame. */
    sealed interface Inbound permits Subscribe, Unsubscribe, Send, Typing, Authenticate, Refused {
    }

    /** A new access token for the open socket, before its current one expires. */
    record Authenticate(String token) implements Inbound {
    }

    record Subscribe(String topic) implements Inbound {
    }

    record Unsubscribe(String topic) implements Inbound {
    }

    /**
     * A chat message to send.
     *
     * @param replyTopic   the topic of an error frame about it
     * @param acknowledged whether a {@code sent} frame answers it (the legacy protocol has none)
     */
    record Send(String topic, String text, String clientMessageId, String replyTopic, boolean acknowledged) implements Inbound {
    }

    /** The client is typing in a chat: relayed to the companion, never stored. */
    record Typing(String topic) implements Inbound {
    }

    /** Bad input: answered with an error frame, nothing else happens. */
    record Refused(String topic, int status, String detail) implements Inbound {
    }

    /** Far longer than any access token this application issues. */
    static final int MAX_TOKEN_LENGTH = 8_192;

    private final JsonMapper json;

    FrameCodec(JsonMapper json) {
        this.json = json;
    }

    List<Inbound> decode(String payload) {
        JsonNode frame;
        try {
            frame = json.readTree(payload);
        } catch (JacksonException e) {
            return List.of(new Refused(null, 400, "Frames are JSON objects"));
        }
        if (!frame.isObject()) {
            return List.of(new Refused(null, 400, "Frames are JSON objects"));
        }
        if (LegacyFrames.isLegacy(frame)) {
            return LegacyFrames.decode(json, frame);
        }
        String type = textOf(frame.path("type"));
        if ("auth".equals(type)) {
            String token = textOf(frame.path("token"));
            return List.of(token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH
                    ? new Refused(null, 400, "An auth frame carries the new access token in \"token\"") : new Authenticate(token));
        }
        String topic = textOf(frame.path("topic"));
        if (type == null || topic == null) {
            return List.of(new Refused(topic, 400, "A frame needs a type and a topic"));
        }
        return List.of(switch (type) {
            case "subscribe" -> new Subscribe(topic);
            case "unsubscribe" -> new Unsubscribe(topic);
            case "send" -> send(topic, frame.path("payload"));
            case "typing" -> new Typing(topic);
            default -> new Refused(topic, 400, "Unknown frame type " + type);
        });
    }

    private static Inbound send(String topic, JsonNode payload) {
        String clientMessageId = textOf(payload.path("clientMessageId"));
        if (clientMessageId != null && (clientMessageId.isEmpty()
                || clientMessageId.length() > ChatCommands.MAX_CLIENT_MESSAGE_ID_LENGTH)) {
            return new Refused(topic, 400, "clientMessageId must have 1 to " + ChatCommands.MAX_CLIENT_MESSAGE_ID_LENGTH + " characters");
        }
        String text = textOf(payload.path("text"));
        if (!storable(text) || !storable(clientMessageId)) {
            return new Refused(topic, 400, "text and clientMessageId " + StorableText.REFUSAL);
        }
        return new Send(topic, text, clientMessageId, topic, true);
    }

    /** Frames are read as trees, which the JSON mapper's text check does not see: the same rule, here. */
    static boolean storable(String text) {
        return text == null || StorableText.isStorable(text);
    }

    /** A JSON string's text; anything else (a number, an object) is no text at all. */
    static String textOf(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }

    String event(String topic, Object payload) {
        return write(Map.of("type", "event", "topic", topic, "payload", payload));
    }

    /**
     * An event whose payload is JSON already (what the projections publish): written as it is, not
     * parsed again, with the id of the request that caused it when known.
     */
    String eventOfJson(String topic, String payloadJson, String requestId) {
        String cause = requestId == null ? "" : ",\"requestId\":" + json.writeValueAsString(requestId);
        return "{\"type\":\"event\",\"topic\":" + json.writeValueAsString(topic) + cause + ",\"payload\":" + payloadJson + "}";
    }

    /** When the application snapshot a projection published was taken. */
    Instant updatedAtOf(String applicationSnapshot) {
        return Instant.parse(json.readTree(applicationSnapshot).get("updatedAt").asString());
    }

    /** The answer to an {@code auth} frame: the socket now runs on the new token, until it expires. */
    String authenticated(Instant expiresAt) {
        return write(Map.of("type", "authenticated", "expiresAt", expiresAt.toString()));
    }

    /** What the companion's user topic carries when someone types. */
    String typing(UUID chatId, UUID userId) {
        Map<String, Object> typing = new LinkedHashMap<>();
        typing.put("kind", "typing");
        typing.put("chatId", chatId);
        typing.put("userId", userId);
        return write(typing);
    }

    String subscribed(String topic) {
        return write(Map.of("type", "subscribed", "topic", topic));
    }

    String sent(String topic, UUID messageId, String clientMessageId) {
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("messageId", messageId);
        sent.put("clientMessageId", clientMessageId);
        return write(Map.of("type", "sent", "topic", topic, "payload", sent));
    }

    /** An error frame; {@code retryAfter} (seconds) when waiting helps, as HTTP's Retry-After. */
    String error(String topic, int status, String detail, Long retryAfter) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "error");
        if (topic != null) {
            frame.put("topic", topic);
        }
        frame.put("status", status);
        frame.put("detail", detail);
        if (retryAfter != null) {
            frame.put("retryAfter", retryAfter);
        }
        return write(frame);
    }

    private String write(Map<String, Object> frame) {
        return json.writeValueAsString(frame);
    }
}
