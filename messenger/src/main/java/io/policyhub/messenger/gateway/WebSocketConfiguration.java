package io.policyhub.messenger.gateway;

import io.policyhub.messenger.chats.ChatMembers;
import io.policyhub.messenger.chats.ChatMessaging;
import io.policyhub.platform.redis.Topics;
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
    private final Topics topics;
    private final ChatMembers chatMembers;
    private final ChatMessaging chatMessaging;

    WebSocketConfiguration(JsonMapper json, QueryGateway queryGateway, Topics topics, ChatMembers chatMembers,
                           ChatMessaging chatMessaging) {
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
