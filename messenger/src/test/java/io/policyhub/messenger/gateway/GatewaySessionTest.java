package io.policyhub.messenger.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

class GatewaySessionTest {

    private final List<String> sent = new ArrayList<>();
    private final WebSocketSession socket = mock(WebSocketSession.class);
    /** Workers that run at once, so a close and what the container delivers after it happen in a known order. */
    private final GatewaySession session = new GatewaySession(UUID.randomUUID(), socket, (frame, done) -> {
        sent.add(frame);
        done.accept(null);
    }, new GatewaySession.Services(new FrameCodec(JsonMapper.builder().build()), null, null, null,
            new GatewayMetrics(new SimpleMeterRegistry()), Runnable::run, new GatewayProperties(5, 16, 16, Duration.ofSeconds(1), 1)));

    @Test
    void aFrameTooLongClosesTheSocketAndItsRestIsNeverHandledAsAFrame() throws IOException {
        String part = "x".repeat(1_024);
        session.receive("{\"type\": \"subscribe\", \"topic\": \"", false);
        for (int i = 0; i < GatewaySession.MAX_FRAME_CHARS / part.length(); i++) {
            session.receive(part, false);
        }
        verify(socket).close(CloseStatus.TOO_BIG_TO_PROCESS.withReason("Frames have at most " + GatewaySession.MAX_FRAME_CHARS + " characters"));
        // the container goes on delivering the frame while the close is under way
        session.receive(part, false);
        session.receive("\"}", true);
        session.receive("{\"type\": \"nonsense\"}", true);
        assertThat(sent).as("no answer to the tail of the frame, nor to anything after it").isEmpty();
    }

    @Test
    void aLongFrameWithinTheLimitIsHandledOnceComplete() {
        session.receive("{\"type\": \"subscribe\", \"topic\": \"", false);
        session.receive("y".repeat(20_000), false);
        assertThat(sent).isEmpty();
        session.receive("\"}", true);
        assertThat(sent).singleElement().asString().contains("\"status\":404").contains("Unknown topic");
    }
}
