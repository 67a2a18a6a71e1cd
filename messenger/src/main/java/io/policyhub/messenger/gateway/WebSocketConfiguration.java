package io.policyhub.messenger.gateway;

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

    WebSocketConfiguration(JsonMapper json, QueryGateway queryGateway, Topics topics) {
        this.json = json;
        this.queryGateway = queryGateway;
        this.topics = topics;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new RealtimeGatewayHandler(json, queryGateway, topics), "/ws");
    }
}
