package io.policyhub.messenger.gateway;

import io.policyhub.messenger.chats.ChatMembers;
import io.policyhub.messenger.chats.ChatCommands;
import io.policyhub.platform.redis.RedisPubSub;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import tools.jackson.databind.json.JsonMapper;

@Configuration
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

    private final JsonMapper json;
    private final QueryGateway queryGateway;
    private final RedisPubSub topics;
    private final ChatMembers chatMembers;
    private final ChatCommands chatMessaging;

    WebSocketConfiguration(JsonMapper json, QueryGateway queryGateway, RedisPubSub topics, ChatMembers chatMembers,
                           ChatCommands chatMessaging) {
        this.json = json;
        this.queryGateway = queryGateway;
        this.topics = topics;
        this.chatMembers = chatMembers;
        this.chatMessaging = chatMessaging;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new RealtimeGatewayHandler(json, queryGateway, topics, chatMembers, chatMessaging), "/ws");
    }
}
