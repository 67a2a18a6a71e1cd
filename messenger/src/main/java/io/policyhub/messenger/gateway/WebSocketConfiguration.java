package io.policyhub.messenger.gateway;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import tools.jackson.databind.json.JsonMapper;

@Configuration
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

    private final JsonMapper json;

    WebSocketConfiguration(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new RealtimeGatewayHandler(json), "/ws");
    }
}
