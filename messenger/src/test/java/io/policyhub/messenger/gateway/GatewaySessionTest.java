package io.policyhub.messenger.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

class GatewaySessionTest {

    private final UUID userId = UUID.randomUUID();
    private final List<String> sent = new ArrayList<>();
    private final WebSocketSession socket = mock(WebSocketSession.class);
    /** Decodes "token-of:<user>:<seconds left>" as that user's token, anything else as invalid. */
    private final JwtDecoder tokens = value -> {
        String[] parts = value.split(":");
        if (parts.length != 3 || !parts[0].equals("token-of")) {
            throw new BadJwtException("not a token");
        }
        return token(UUID.fromString(parts[1]), Instant.now().plusSeconds(Long.parseLong(parts[2])));
    };
    /** Workers that run at once, so a close and what the container delivers after it happen in a known order. */
    private final GatewaySession session = session(Instant.now().plusSeconds(600));

    private GatewaySession session(Instant tokenExpiresAt) {
        return new GatewaySession(userId, token(userId, tokenExpiresAt), socket, (frame, done) -> {
            sent.add(frame);
            done.accept(null);
        }, new GatewaySession.Services(new FrameCodec(JsonMapper.builder().build()), null, null, null,
                new GatewayMetrics(new SimpleMeterRegistry()), Runnable::run,
                new GatewayProperties(5, 16, DataSize.ofMegabytes(1), 16, Duration.ofSeconds(1), 1), new OutboundBudget(1 << 20),
                tokens, null));
    }

    private static Jwt token(UUID subject, Instant expiresAt) {
        return Jwt.withTokenValue("token").header("alg", "RS256").subject(subject.toString())
                .claim("sid", UUID.randomUUID().toString()).issuedAt(expiresAt.minusSeconds(600)).expiresAt(expiresAt).build();
    }

    @Test
    void aSocketWhoseTokenExpiredGetsAnErrorFrameAndIsClosed() throws IOException {
        GatewaySession expiring = session(Instant.now().minusMillis(1));
        expiring.heartbeat(System.nanoTime());
        assertThat(sent).singleElement().asString().contains("\"type\":\"error\"", "\"status\":401", "expired");
        verify(socket).close(org.mockito.ArgumentMatchers.argThat(status -> status.getCode() == CloseStatus.POLICY_VIOLATION.getCode()));
        expiring.receive("{\"type\": \"subscribe\", \"topic\": \"nothing\"}", true);
        assertThat(sent).as("nothing handled after").hasSize(1);
    }

    @Test
    void anAuthFrameWithTheSameUsersNewTokenKeepsTheSocketOpen() {
        session.receive("{\"type\": \"auth\", \"token\": \"token-of:" + userId + ":900\"}", true);
        assertThat(sent).singleElement().asString().contains("\"type\":\"authenticated\"", "expiresAt");
        session.receive("{\"type\": \"auth\", \"token\": \"token-of:" + UUID.randomUUID() + ":900\"}", true);
        assertThat(sent.get(1)).contains("\"status\":403");
        session.receive("{\"type\": \"auth\", \"token\": \"forged\"}", true);
        assertThat(sent.get(2)).contains("\"status\":401");
        session.receive("{\"type\": \"auth\"}", true);
        assertThat(sent.get(3)).contains("\"status\":400");
        verifyNoInteractions(socket);
    }

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
