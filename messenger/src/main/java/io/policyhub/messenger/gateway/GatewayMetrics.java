package io.policyhub.messenger.gateway;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** What the gateway exposes to operators: open sessions, frames it dropped and sockets it closed, by reason. */
final class GatewayMetrics {

    private final MeterRegistry registry;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void sessions(Map<?, ?> open) {
        Gauge.builder("policyhub.ws.sessions", open, Map::size).description("Open /ws sessions on this instance").register(registry);
    }

    /** A frame not handled or not sent: {@code inbound-full}, {@code slow-consumer}. */
    void dropped(String reason) {
        Counter.builder("policyhub.ws.frames.dropped").description("Frames the gateway dropped").tag("reason", reason)
                .register(registry).increment();
    }

    /**
     * A socket the gateway closed: {@code slow-consumer}, {@code no-pong}, {@code too-many-sockets},
     * {@code token-expired}, {@code session-ended}.
     */
    void closed(String reason) {
        Counter.builder("policyhub.ws.closed").description("Sockets the gateway closed").tag("reason", reason)
                .register(registry).increment();
    }
}
