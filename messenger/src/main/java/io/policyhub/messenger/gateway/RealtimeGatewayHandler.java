package io.policyhub.messenger.gateway;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The single {@code /ws} endpoint (the handshake is authenticated like every other request): the
 * sockets' life cycle. It admits a socket within the user's cap, hands frames and pongs to the
 * socket's {@link GatewaySession}, and beats the heart of every open socket. The frame format is
 * {@link FrameCodec}'s (and {@link LegacyFrames}'), who may use a topic {@link TopicAccess}'.
 */
class RealtimeGatewayHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(RealtimeGatewayHandler.class);
    /** Tomcat's bound on a blocking send (pings, close frames): a stuck client holds a worker no longer. */
    private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    static final int HEARTBEAT_SLICES = 10;

    private final GatewaySession.Services services;
    private final Map<String, GatewaySession> sessions = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> socketsPerUser = new ConcurrentHashMap<>();
    /** Only the heartbeat's single thread touches it. */
    private int heartbeatTicks;

    RealtimeGatewayHandler(GatewaySession.Services services) {
        this.services = services;
        services.metrics().sessions(sessions);
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) throws IOException {
        if (!(socket.getPrincipal() instanceof JwtAuthenticationToken token)) {
            socket.close(CloseStatus.POLICY_VIOLATION);
            return;
        }
        UUID userId = UUID.fromString(token.getToken().getSubject());
        int max = services.limits().maxSocketsPerUser();
        if (socketsPerUser.merge(userId, 1, Integer::sum) > max) {
            release(userId);
            services.metrics().closed("too-many-sockets");
            socket.close(CloseStatus.POLICY_VIOLATION.withReason("At most " + max + " sockets per user"));
            return;
        }
        Session endpoint = ((NativeWebSocketSession) socket).getNativeSession(Session.class);
        endpoint.getUserProperties().put(BLOCKING_SEND_TIMEOUT, services.limits().heartbeatInterval().toMillis());
        sessions.put(socket.getId(), new GatewaySession(userId, token.getToken(), socket,
                (text, done) -> sendAsync(endpoint, text, done), services));
    }

    @Override
    protected void handleTextMessage(WebSocketSession socket, TextMessage message) {
        GatewaySession session = sessions.get(socket.getId());
        if (session != null) {
            session.receive(message.getPayload(), message.isLast());
        }
    }

    /** Long frames arrive in parts, so the container's buffer of every socket can stay small. */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handlePongMessage(WebSocketSession socket, PongMessage message) {
        GatewaySession session = sessions.get(socket.getId());
        if (session != null) {
            session.heard();
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        GatewaySession session = sessions.remove(socket.getId());
        if (session != null) {
            session.close();
            release(session.userId());
        }
    }

    /**
     * Runs {@link #HEARTBEAT_SLICES} times per heartbeat interval, each time for one slice of the
     * sockets: every socket is pinged once per interval, and 10,000 pings do not arrive at the
     * workers at once, ahead of the frames waiting there.
     */
    void heartbeatSlice() {
        int slice = Math.floorMod(heartbeatTicks++, HEARTBEAT_SLICES);
        long now = System.nanoTime();
        List<GatewaySession> beating = new ArrayList<>();
        sessions.forEach((id, session) -> {
            if (Math.floorMod(id.hashCode(), HEARTBEAT_SLICES) == slice) {
                session.heartbeat(now);
                beating.add(session);
            }
        });
        endSocketsOfEndedSessions(beating);
    }

    /**
     * One query per slice asks which of its sockets' sign-in sessions ended, so a logout, a password
     * change or an erasure closes the sockets too, on every instance, within a heartbeat interval.
     * Without PostgreSQL the sockets stay until their tokens expire.
     */
    private void endSocketsOfEndedSessions(List<GatewaySession> beating) {
        if (beating.isEmpty()) {
            return;
        }
        Set<UUID> ended;
        try {
            ended = services.sessions().endedAmong(beating.stream().map(session -> UUID.fromString(session.sessionId())).collect(Collectors.toSet()));
        } catch (RuntimeException unavailable) {
            log.warn("Cannot check the sockets' sign-in sessions: {}", unavailable.toString());
            return;
        }
        for (GatewaySession session : beating) {
            if (ended.contains(UUID.fromString(session.sessionId()))) {
                session.sessionEnded();
            }
        }
    }

    private void release(UUID userId) {
        socketsPerUser.computeIfPresent(userId, (user, count) -> count > 1 ? count - 1 : null);
    }

    private static void sendAsync(Session endpoint, String text, Consumer<Throwable> done) {
        try {
            endpoint.getAsyncRemote().sendText(text, (SendResult result) -> done.accept(result.isOK() ? null : result.getException()));
        } catch (IllegalStateException closed) {
            log.debug("Cannot send on session {}: {}", endpoint.getId(), closed.toString());
            done.accept(closed);
        }
    }
}
