package io.policyhub.simulator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.stereotype.Service;

/** The insurers' current behaviour, the calls they received, and how the next call is answered. */
@Service
class Simulator {

    private final SimulatorProperties properties;
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<CallKey, Integer> calls = new ConcurrentHashMap<>();

    Simulator(SimulatorProperties properties) {
        this.properties = properties;
        reset();
    }

    /** Counts the call and decides its answer; the count includes this call. */
    Answer receive(String insurer, UUID applicationId) {
        Behaviour behaviour = behaviour(insurer);
        int call = calls.merge(new CallKey(insurer, applicationId), 1, Integer::sum);
        boolean hangs = behaviour.hang() || chance(behaviour.hangRate());
        Duration delay = hangs
                ? properties.hangDuration()
                : Duration.ofMillis(behaviour.latencyMs() + jitter(behaviour.jitterMs()));
        boolean fails = call <= behaviour.failFirstAttempts() || chance(behaviour.errorRate());
        return new Answer(call, delay, hangs, fails);
    }

    BigDecimal premiumFactor(String insurer) {
        behaviour(insurer);
        return properties.insurers().get(insurer).premiumFactor();
    }

    List<InsurerView> insurers() {
        return behaviours.entrySet().stream()
                .map(e -> new InsurerView(e.getKey(), properties.insurers().get(e.getKey()).premiumFactor(), e.getValue()))
                .sorted(Comparator.comparing(InsurerView::insurer))
                .toList();
    }

    Behaviour update(String insurer, BehaviourUpdate update) {
        behaviour(insurer);
        return behaviours.computeIfPresent(insurer, (name, current) -> current.with(update));
    }

    int calls(String insurer, UUID applicationId) {
        behaviour(insurer);
        return calls.getOrDefault(new CallKey(insurer, applicationId), 0);
    }

    void reset() {
        properties.insurers().forEach((name, insurer) -> behaviours.put(name, insurer.behaviour()));
        calls.clear();
    }

    private Behaviour behaviour(String insurer) {
        Behaviour behaviour = behaviours.get(insurer);
        if (behaviour == null) throw new UnknownInsurerException(insurer);
        return behaviour;
    }

    // Deterministic mode never draws a random number, so a test run repeats exactly.
    private boolean chance(double rate) {
        return !properties.deterministic() && rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
    }

    private long jitter(long maxMs) {
        return properties.deterministic() || maxMs == 0 ? 0 : ThreadLocalRandom.current().nextLong(maxMs + 1);
    }

    /** How a call is answered: after {@code delay}, a 503 if it {@code fails}, else a quote. */
    record Answer(int call, Duration delay, boolean hangs, boolean fails) {
    }

    record InsurerView(String insurer, BigDecimal premiumFactor, Behaviour behaviour) {
    }

    private record CallKey(String insurer, UUID applicationId) {
    }
}
