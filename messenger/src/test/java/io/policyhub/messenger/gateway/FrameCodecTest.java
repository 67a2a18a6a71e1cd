package io.policyhub.messenger.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.policyhub.messenger.gateway.FrameCodec.Refused;
import io.policyhub.messenger.gateway.FrameCodec.Send;
import io.policyhub.messenger.gateway.FrameCodec.Subscribe;
import io.policyhub.messenger.gateway.FrameCodec.Typing;
import io.policyhub.messenger.gateway.FrameCodec.Unsubscribe;
import io.policyhub.platform.web.StorableText;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FrameCodecTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final FrameCodec codec = new FrameCodec(json);
    private final String chat = "chat:" + UUID.randomUUID();

    @Test
    void decodesTheFramesOfTheProtocol() {
        assertThat(codec.decode("{\"type\": \"subscribe\", \"topic\": \"" + chat + "\"}")).containsExactly(new Subscribe(chat));
        assertThat(codec.decode("{\"type\": \"unsubscribe\", \"topic\": \"" + chat + "\"}")).containsExactly(new Unsubscribe(chat));
        assertThat(codec.decode("{\"type\": \"send\", \"topic\": \"" + chat + "\", \"payload\": {\"text\": \"hi\", \"clientMessageId\": \"c-1\"}}"))
                .containsExactly(new Send(chat, "hi", "c-1", chat, true));
        assertThat(codec.decode("{\"type\": \"typing\", \"topic\": \"" + chat + "\"}")).containsExactly(new Typing(chat));
    }

    @Test
    void refusesBadInputWithA400AndTheTopicWhenThereIsOne() {
        assertThat(codec.decode("not json")).containsExactly(new Refused(null, 400, "Frames are JSON objects"));
        assertThat(codec.decode("[1, 2]")).containsExactly(new Refused(null, 400, "Frames are JSON objects"));
        assertThat(codec.decode("{\"topic\": \"" + chat + "\"}")).containsExactly(new Refused(chat, 400, "A frame needs a type and a topic"));
        assertThat(codec.decode("{\"type\": 7, \"topic\": \"" + chat + "\"}")).singleElement().isInstanceOf(Refused.class);
        assertThat(codec.decode("{\"type\": \"dance\", \"topic\": \"" + chat + "\"}"))
                .containsExactly(new Refused(chat, 400, "Unknown frame type dance"));
        assertThat(codec.decode("{\"type\": \"send\", \"topic\": \"" + chat + "\", \"payload\": {\"text\": \"hi\", \"clientMessageId\": \"" + "x".repeat(129) + "\"}}"))
                .singleElement().isInstanceOf(Refused.class);
        assertThat(codec.decode("{\"type\": \"send\", \"topic\": \"" + chat + "\", \"payload\": {\"text\": \"a\\u0000b\"}}"))
                .singleElement().isInstanceOf(Refused.class);
        assertThat(codec.decode("{\"type\": \"send\", \"topic\": \"" + chat + "\", \"payload\": {\"text\": \"\\ud800\"}}"))
                .singleElement().isInstanceOf(Refused.class);
    }

    @Test
    void aTextThatIsNoStringIsNoTextForTheAggregateToRefuse() {
        assertThat(codec.decode("{\"type\": \"send\", \"topic\": \"" + chat + "\", \"payload\": {\"text\": 42}}"))
                .containsExactly(new Send(chat, null, null, chat, true));
    }

    @Test
    void theLegacyFrameBecomesUnacknowledgedSendsAnsweredOnItsTopic() {
        UUID chatId = UUID.randomUUID();
        String payload = json.writeValueAsString("{\"chat_id\": \"" + chatId + "\", \"messages\": [{\"text\": \"one\"}, {\"text\": \"a\\u0000\"}, {\"text\": \"two\"}]}");
        assertThat(codec.decode("{\"topic\": \"messenger\", \"action\": \"send-message\", \"payload\": " + payload + "}")).containsExactly(
                new Send("chat:" + chatId, "one", null, "messenger", false),
                new Refused("messenger", 400, "text " + StorableText.REFUSAL),
                new Send("chat:" + chatId, "two", null, "messenger", false));
        assertThat(codec.decode("{\"topic\": \"messenger\", \"action\": \"send-message\", \"payload\": \"{not json\"}"))
                .containsExactly(new Refused("messenger", 400, "The payload is a JSON string with chat_id and messages"));
        assertThat(codec.decode("{\"topic\": \"messenger\", \"action\": \"send-message\", \"payload\": \"{\\\"chat_id\\\": \\\"nope\\\", \\\"messages\\\": []}\"}"))
                .containsExactly(new Refused("messenger", 400, "The payload is a JSON string with chat_id and messages"));
    }

    @Test
    void encodesFramesAsJson() {
        JsonNode error = json.readTree(codec.error(chat, 429, "slow down", 3L));
        assertThat(error.get("type").asString()).isEqualTo("error");
        assertThat(error.get("topic").asString()).isEqualTo(chat);
        assertThat(error.get("retryAfter").asLong()).isEqualTo(3);
        assertThat(json.readTree(codec.error(null, 400, "bad", null)).has("topic")).isFalse();
        JsonNode event = json.readTree(codec.eventOfJson("chat:\"quoted\"", "{\"text\": \"hi\"}", "req-7"));
        assertThat(event.get("topic").asString()).isEqualTo("chat:\"quoted\"");
        assertThat(event.get("payload").get("text").asString()).isEqualTo("hi");
        assertThat(event.get("requestId").asString()).isEqualTo("req-7");
        assertThat(json.readTree(codec.eventOfJson(chat, "{}", null)).has("requestId")).isFalse();
        UUID messageId = UUID.randomUUID();
        JsonNode sent = json.readTree(codec.sent(chat, messageId, null));
        assertThat(sent.get("payload").get("messageId").asString()).isEqualTo(messageId.toString());
        assertThat(sent.get("payload").get("clientMessageId").isNull()).isTrue();
    }
}
