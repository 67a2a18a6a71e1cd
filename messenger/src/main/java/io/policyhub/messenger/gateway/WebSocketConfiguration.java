package io.policyhub.messenger.gateway;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.policyhub.messenger.chats.ChatCommands;
import io.policyhub.messenger.chats.ChatMembers;
import io.policyhub.platform.redis.RedisPubSub;
import io.policyhub.platform.security.sessions.SignInSessions;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the /ws gateway: one handler, a fixed pool of workers shared by every session, and the
 * heartbeat that pings idle sockets ({@code policyhub.ws.*}, see {@link GatewayProperties}).
 */
@Configuration
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer, DisposableBean {

    private static final int BINARY_BUFFER_BYTES = 1024;
    private static final int TEXT_BUFFER_CHARS = 1024;
    private static final int CONNECTION_BUFFER_BYTES = 4096;

    private final ExecutorService workers;
    private final ScheduledExecutorService heartbeats;
    private final RealtimeGatewayHandler handler;

    WebSocketConfiguration(JsonMapper json, QueryGateway queryGateway, RedisPubSub topics, ChatMembers chatMembers,
                           ChatCommands chatCommands, GatewayProperties limits, MeterRegistry meters, JwtDecoder tokens,
                           SignInSessions sessions) {
        this.workers = ExecutorServiceMetrics.monitor(meters, Executors.newFixedThreadPool(limits.workers(), named("ws-worker-")),
                "ws-workers");
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(named("ws-heartbeat-"));
        this.handler = new RealtimeGatewayHandler(new GatewaySession.Services(new FrameCodec(json),
                new TopicAccess(queryGateway, chatMembers), topics, chatCommands, new GatewayMetrics(meters), workers, limits,
                new OutboundBudget(limits.outboundQueueBudget().toBytes()), tokens, sessions));
        long slice = Math.max(1, limits.heartbeatInterval().toMillis() / RealtimeGatewayHandler.HEARTBEAT_SLICES);
        heartbeats.scheduleAtFixedRate(handler::heartbeatSlice, slice, slice, TimeUnit.MILLISECONDS);
    }

    /**
     * Every open socket holds the container's message buffers (8 KiB of binary, 8 Ki characters of
     * text by default). Frames are text, so the binary buffer shrinks to what a refused binary frame
     * needs; the text buffer shrinks too, since the handler takes a longer frame in parts.
     */
    @Bean
    static ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxBinaryMessageBufferSize(BINARY_BUFFER_BYTES);
        container.setMaxTextMessageBufferSize(TEXT_BUFFER_CHARS);
        return container;
    }

    /** The connector's per-connection read and write buffers (8 KiB each by default): held by every idle socket too. */
    @Bean
    static TomcatConnectorCustomizer smallerConnectionBuffers() {
        return connector -> {
            connector.setProperty("socket.appReadBufSize", Integer.toString(CONNECTION_BUFFER_BYTES));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(CONNECTION_BUFFER_BYTES));
        };
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // the old messenger's clients connect to /messenger/ws?token=...: the same gateway, which also reads their frames
        registry.addHandler(handler, "/ws", "/messenger/ws").setHandshakeHandler(new WithoutCompression());
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        workers.shutdown();
    }

    /**
     * Declines permessage-deflate, which browsers and most clients offer: it would cost every socket
     * a zlib inflater and deflater outside the heap (hundreds of KiB each), for frames of small JSON.
     */
    private static final class WithoutCompression extends DefaultHandshakeHandler {

        @Override
        protected List<WebSocketExtension> filterRequestedExtensions(ServerHttpRequest request, List<WebSocketExtension> requested,
                                                                     List<WebSocketExtension> supported) {
            return List.of();
        }
    }

    private static ThreadFactory named(String prefix) {
        CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
        threads.setDaemon(true);
        return threads;
    }
}
