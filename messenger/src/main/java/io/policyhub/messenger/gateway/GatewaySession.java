package io.policyhub.messenger.gateway;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.policyhub.api.insurance.ApplicationView;
import io.policyhub.messenger.chats.ChatCommands;
import io.policyhub.messenger.gateway.FrameCodec.Authenticate;
import io.policyhub.messenger.gateway.FrameCodec.Inbound;
import io.policyhub.messenger.gateway.FrameCodec.Refused;
import io.policyhub.messenger.gateway.FrameCodec.Send;
import io.policyhub.messenger.gateway.FrameCodec.Subscribe;
import io.policyhub.messenger.gateway.FrameCodec.Typing;
import io.policyhub.messenger.gateway.FrameCodec.Unsubscribe;
import io.policyhub.messenger.gateway.TopicAccess.ApplicationTopic;
import io.policyhub.messenger.gateway.TopicAccess.ChatTopic;
import io.policyhub.messenger.gateway.TopicAccess.Topic;
import io.policyhub.messenger.gateway.TopicAccess.UserTopic;
import io.policyhub.platform.observability.RequestIds;
import io.policyhub.platform.redis.RedisPubSub;
import io.policyhub.platform.security.TokenIssuer;
import io.policyhub.platform.security.sessions.SignInSessions;
import io.policyhub.platform.web.FailureProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One client's socket: its subscriptions, its mailbox (its frames and the pushes for it, handled in
 * order on the shared workers) and its outbox. Refusals are error frames; the socket stays open.
 * The gateway closes it for a slow consumer (its outbox or mailbox overflowed), a client that
 * answers no ping, and when its access token expired (unless an {@code auth} frame brought a new
 * one) or its sign-in session ended: an error frame with status 401, then the close.
 */
final class GatewaySession {

    /** What every session shares. */
    record Services(FrameCodec codec, TopicAccess access, RedisPubSub topics, ChatCommands chats, GatewayMetrics metrics,
                    Executor workers, GatewayProperties limits, OutboundBudget outboundBudget, JwtDecoder tokens,
                    SignInSessions sessions) {
    }

    private static final Logger log = LoggerFactory.getLogger(GatewaySession.class);
    /** Longer than any frame of the protocol (a 4,000-character message, every character escaped, and its envelope). */
    static final int MAX_FRAME_CHARS = 32 * 1024;
    static final long TYPING_INTERVAL_NANOS = 1_000_000_000L;

    private final UUID userId;
    private final WebSocketSession socket;
    private final Services services;
    private final FrameCodec codec;
    private final SessionMailbox mailbox;
    private final Outbox outbox;
    private final Map<String, AutoCloseable> subscriptions = new ConcurrentHashMap<>();
    /** The companion in each chat the client typed in (chats keep their members) and when it was last relayed. */
    private final Map<UUID, UUID> companions = new ConcurrentHashMap<>();
    private final Map<UUID, Long> typingRelayedNanos = new ConcurrentHashMap<>();
    /** Per chat, this socket's latest send: the next one waits for it, so a chat keeps a socket's messages in their order. */
    private final Map<UUID, CompletableFuture<UUID>> latestSends = new ConcurrentHashMap<>();
    private volatile long lastHeardNanos = System.nanoTime();
    /** The parts of a long frame so far; only the container's reader thread touches it. */
    private StringBuilder partial = new StringBuilder();
    /**
     * Set once the session decided to close: the close runs on a worker, and the container keeps
     * delivering meanwhile (the rest of a frame too long, say), which must not be handled as frames.
     */
    private volatile boolean closing;
    /** The access token the socket runs on: when it expires, and its sign-in session. */
    private volatile Jwt token;

    GatewaySession(UUID userId, Jwt token, WebSocketSession socket, Outbox.Transport transport, Services services) {
        this.userId = userId;
        this.token = token;
        this.socket = socket;
        this.services = services;
        this.codec = services.codec();
        this.mailbox = new SessionMailbox(services.workers(), services.limits().inboundQueueFrames());
        this.outbox = new Outbox(transport, services.limits().outboundQueueFrames(), services.outboundBudget(),
                () -> closeSlowConsumer("outbound frames"));
    }

    UUID userId() {
        return userId;
    }

    /** The sign-in session of the socket's current token. */
    String sessionId() {
        return token.getClaimAsString(TokenIssuer.SESSION_CLAIM);
    }

    /** Its sign-in session ended (logout, a password change, erasure): the socket ends with it. */
    void sessionEnded() {
        endForToken("session-ended", "The sign-in session ended");
    }

    /**
     * A client frame, or a part of one: handled in turn once complete; refused with 429 when the
     * session already has too much waiting. A frame beyond {@link #MAX_FRAME_CHARS} closes the socket (1009).
     */
    void receive(String part, boolean last) {
        if (closing) {
            return;
        }
        heard();
        String payload = part;
        if (!last || !partial.isEmpty()) {
            if (partial.length() + part.length() > MAX_FRAME_CHARS) {
                partial = new StringBuilder();
                closeSocket(CloseStatus.TOO_BIG_TO_PROCESS.withReason("Frames have at most " + MAX_FRAME_CHARS + " characters"));
                return;
            }
            partial.append(part);
            if (!last) {
                return;
            }
            payload = partial.toString();
            partial = new StringBuilder();
        }
        String frame = payload;
        if (!mailbox.offer(() -> handle(frame))) {
            services.metrics().dropped("inbound-full");
            outbox.offer(codec.error(null, 429, "Too many frames waiting to be handled; slow down", 1L));
        }
    }

    /** Any sign of life (a frame, a pong) keeps the socket open. */
    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    /**
     * The heartbeat's turn: close a client neither heard from nor able to take a frame for two
     * intervals, else ping it when nothing is being sent (a ping behind a stuck frame would wait
     * for it; a client busy taking frames shows it is alive meanwhile).
     */
    void heartbeat(long nowNanos) {
        Instant expiresAt = token.getExpiresAt();
        if (expiresAt != null && !Instant.now().isBefore(expiresAt)) {
            endForToken("token-expired", "The access token expired; send an auth frame with a new one before it does");
            return;
        }
        long lastSign = Math.max(lastHeardNanos, outbox.lastSentNanos());
        if (nowNanos - lastSign > 2 * services.limits().heartbeatInterval().toNanos()) {
            services.metrics().closed("no-pong");
            closeSocket(CloseStatus.SESSION_NOT_RELIABLE.withReason("No pong within two heartbeat intervals"));
        } else if (outbox.isIdle()) {
            services.workers().execute(() -> {
                try {
                    socket.sendMessage(new PingMessage());
                } catch (IOException | IllegalStateException e) {
                    log.debug("Cannot ping session {}: {}", socket.getId(), e.toString());
                }
            });
        }
    }

    void close() {
        outbox.close();
        subscriptions.values().forEach(GatewaySession::closeQuietly);
        subscriptions.clear();
    }

    /** Each frame is a request of its own: what it sends carries a new request id, as an HTTP request's would. */
    private void handle(String payload) {
        for (Inbound frame : codec.decode(payload)) {
            services.metrics().received();
            try (RequestIds.Scope ignored = RequestIds.open(RequestIds.generate())) {
                handle(frame);
            }
        }
    }

    private void handle(Inbound frame) {
        if (frame instanceof Subscribe subscribe) {
            subscribe(subscribe.topic());
        } else if (frame instanceof Unsubscribe unsubscribe) {
            unsubscribe(unsubscribe.topic());
        } else if (frame instanceof Send send) {
            send(send);
        } else if (frame instanceof Typing typing) {
            typing(typing.topic());
        } else if (frame instanceof Authenticate authenticate) {
            authenticate(authenticate.token());
        } else if (frame instanceof Refused refused) {
            error(refused.topic(), refused.status(), refused.detail());
        }
    }

    /** A new token for this socket: valid, of an open session, and the same user's. */
    private void authenticate(String newToken) {
        Jwt decoded;
        try {
            decoded = services.tokens().decode(newToken);
        } catch (JwtException invalid) {
            error(null, 401, "The token is not valid: " + invalid.getMessage());
            return;
        }
        if (!userId.toString().equals(decoded.getSubject())) {
            error(null, 403, "A socket stays with the user who opened it");
            return;
        }
        token = decoded;
        outbox.offer(codec.authenticated(decoded.getExpiresAt()));
    }

    private void endForToken(String reason, String detail) {
        if (closing) {
            return;
        }
        closing = true;
        services.metrics().closed(reason);
        outbox.finish(codec.error(null, 401, detail, null), () -> closeSocket(CloseStatus.POLICY_VIOLATION.withReason(detail)));
    }

    private void subscribe(String name) {
        Optional<Topic> topic = TopicAccess.parse(name);
        if (topic.isEmpty()) {
            error(name, 404, "Unknown topic " + name);
        } else if (topic.get() instanceof ApplicationTopic application) {
            subscribeApplication(application);
        } else if (topic.get() instanceof UserTopic user) {
            subscribeUser(user);
        } else {
            subscribeChat((ChatTopic) topic.get());
        }
    }

    /** Each user hears of their own chats only: new ones, unread counts, read marks and typing. */
    private void subscribeUser(UserTopic topic) {
        if (!topic.userId().equals(userId)) {
            error(topic.name(), 403, "Only the user may follow their own topic");
            return;
        }
        listen(topic.name(), change -> push(topic.name(), change));
        outbox.offer(codec.subscribed(topic.name()));
    }

    /**
     * Relayed to the companion's user topic, at most once a second per chat (clients send it on
     * keystrokes), and never stored: a hint that is lost costs nothing.
     */
    private void typing(String name) {
        Optional<Topic> topic = TopicAccess.parse(name).filter(ChatTopic.class::isInstance);
        if (topic.isEmpty()) {
            error(name, 400, "Typing is told in chat topics");
            return;
        }
        UUID chatId = ((ChatTopic) topic.get()).chatId();
        long now = System.nanoTime();
        Long last = typingRelayedNanos.get(chatId);
        if (last != null && now - last < TYPING_INTERVAL_NANOS) {
            return;
        }
        UUID companion = companions.get(chatId);
        if (companion == null) {
            Optional<UUID> found = services.access().companion(userId, chatId);
            if (found.isEmpty()) {
                error(name, 403, "Only members may type in this chat");
                return;
            }
            companion = found.get();
            companions.put(chatId, companion);
        }
        typingRelayedNanos.put(chatId, now);
        services.topics().publish(TopicAccess.USER_PREFIX + companion, RequestIds.current(),
                codec.typing(chatId, userId));
    }

    /**
     * The projection publishes the application as every event left it: one frame per step. The
     * owner is checked before listening; the first frame is read after it, so no step is missed,
     * and a step no newer than the frames already sent is dropped (frames never go back).
     */
    private void subscribeApplication(ApplicationTopic topic) {
        if (services.access().application(userId, topic.applicationId()).isEmpty()) {
            error(topic.name(), 403, "Only the owner may follow this application");
            return;
        }
        Instant[] shown = {Instant.MIN};
        listen(topic.name(), snapshot -> {
            Instant updatedAt = codec.updatedAtOf(snapshot.payload());
            if (updatedAt.isAfter(shown[0])) {
                shown[0] = updatedAt;
                push(topic.name(), snapshot);
            }
        });
        services.access().application(userId, topic.applicationId()).ifPresent((ApplicationView current) -> {
            shown[0] = current.updatedAt();
            outbox.offer(codec.event(topic.name(), current));
        });
    }

    /** Chat topics carry the message itself, so a push costs no read; "subscribed" says from when on. */
    private void subscribeChat(ChatTopic topic) {
        Optional<TopicAccess.Refusal> refusal = services.access().chatRefusal(userId, topic.chatId());
        if (refusal.isPresent()) {
            error(topic.name(), refusal.get().status(), refusal.get().detail());
            return;
        }
        listen(topic.name(), message -> push(topic.name(), message));
        outbox.offer(codec.subscribed(topic.name()));
    }

    /** The frame names the request that caused the change, and so does the trail's line for it. */
    private void push(String topic, RedisPubSub.Push change) {
        try (RequestIds.Scope ignored = RequestIds.open(change.requestId())) {
            outbox.offer(codec.eventOfJson(topic, change.payload(), change.requestId()));
            services.metrics().pushed();
            if (change.requestId() != null && RequestIds.TRAIL.isDebugEnabled()) {
                RequestIds.TRAIL.debug("frame {} pushed to a WebSocket of user {}", topic, userId);
            }
        }
    }

    /** Redis delivers on its I/O thread; the session's mailbox does the rest, in order. */
    private void listen(String topic, Consumer<RedisPubSub.Push> onMessage) {
        subscriptions.computeIfAbsent(topic, key -> services.topics().subscribe(topic, message -> {
            if (!mailbox.offer(() -> onMessage.accept(message))) {
                closeSlowConsumer("pushes");
            }
        }));
    }

    private void unsubscribe(String topic) {
        AutoCloseable subscription = subscriptions.remove(topic);
        if (subscription != null) {
            closeQuietly(subscription);
        }
    }

    /**
     * The answer goes straight to the outbox from the command's completion: no thread waits for it.
     * A send to a chat this socket is still sending to is dispatched when the one before completes
     * (commands to one aggregate may otherwise overtake each other, e.g. through Axon Server).
     */
    private void send(Send send) {
        Optional<Topic> topic = TopicAccess.parse(send.topic()).filter(ChatTopic.class::isInstance);
        if (topic.isEmpty()) {
            error(send.replyTopic(), 400, "Messages are sent to chat topics");
            return;
        }
        UUID chatId = ((ChatTopic) topic.get()).chatId();
        CompletableFuture<UUID> before = latestSends.get(chatId);
        String requestId = RequestIds.current();
        CompletableFuture<UUID> sent = before == null || before.isDone()
                ? services.chats().send(chatId, userId, send.text(), send.clientMessageId())
                : before.handle((ignored, failed) -> null).thenCompose(ignored -> {
                    try (RequestIds.Scope scope = RequestIds.open(requestId)) {
                        return services.chats().send(chatId, userId, send.text(), send.clientMessageId());
                    }
                });
        latestSends.put(chatId, sent);
        sent.whenComplete((messageId, failure) -> latestSends.remove(chatId, sent))
                .whenComplete((messageId, failure) -> {
                    if (failure != null) {
                        // the same mapping as the HTTP errors, as an error frame
                        FailureProblems.Problem problem = FailureProblems.of(failure);
                        outbox.offer(codec.error(send.replyTopic(), problem.status(), problem.detail().getDetail(),
                                problem.retryAfterSeconds()));
                    } else if (send.acknowledged()) {
                        outbox.offer(codec.sent(send.topic(), messageId, send.clientMessageId()));
                    }
                });
    }

    private void error(String topic, int status, String detail) {
        outbox.offer(codec.error(topic, status, detail, null));
    }

    /** A client that does not read what it asked for is disconnected rather than buffered without end. */
    private void closeSlowConsumer(String what) {
        services.metrics().dropped("slow-consumer");
        services.metrics().closed("slow-consumer");
        closeSocket(CloseStatus.POLICY_VIOLATION.withReason("Slow consumer: too many " + what + " waiting"));
    }

    /** Closing may wait for the socket: never on the thread that noticed. */
    private void closeSocket(CloseStatus status) {
        closing = true;
        outbox.close();
        services.workers().execute(() -> {
            try {
                socket.close(status);
            } catch (IOException | IllegalStateException e) {
                log.debug("Cannot close session {}: {}", socket.getId(), e.toString());
            }
        });
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("Cannot close a subscription: {}", e.toString());
        }
    }
}
