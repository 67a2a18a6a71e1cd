package io.policyhub.messenger.gateway;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** What the gateway exposes to operators: open sessions, frames in and out, frames it dropped and sockets it closed, by reason. */
final class GatewayMetrics {

    private final MeterRegistry registry;
    private final Counter framesIn;
    private final Counter eventsOut;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.framesIn = Counter.builder("policyhub.ws.frames").description("Frames over /ws")
                .tag("direction", "in").register(registry);
        this.eventsOut = Counter.builder("policyhub.ws.frames").description("Frames over /ws")
                .tag("direction", "out").register(registry);
        // every reason from the start: a panel or alert sees 0, not a series that does not exist yet
        List.of("inbound-full", "slow-consumer").forEach(this::droppedCounter);
        List.of("slow-consumer", "no-pong", "too-many-sockets", "token-expired", "session-ended").forEach(this::closedCounter);
    }

    /** A client's frame (each of a legacy frame's messages counts). */
    void received() {
        framesIn.increment();
    }

    /** An event frame pushed to a client. */
    void pushed() {
        eventsOut.increment();
    }

    void sessions(Map<?, ?> open) {
        Gauge.builder("policyhub.ws.sessions", open, Map::size).description("Open /ws sessions on this instance").register(registry);
    }

    /** A frame not handled or not sent: {@code inbound-full}, {@code slow-consumer}. */
    void dropped(String reason) {
        droppedCounter(reason).increment();
    }

    /**
     * A socket the gateway closed: {@code slow-consumer}, {@code no-pong}, {@code too-many-sockets},
     * {@code token-expired}, {@code session-ended}.
     */
    void closed(String reason) {
        closedCounter(reason).increment();
    }

    private Counter droppedCounter(String reason) {
        return Counter.builder("policyhub.ws.frames.dropped").description("Frames the gateway dropped").tag("reason", reason)
                .register(registry);
    }

    private Counter closedCounter(String reason) {
        return Counter.builder("policyhub.ws.closed").description("Sockets the gateway closed").tag("reason", reason)
                .register(registry);
    }
}
