package io.policyhub.simulator;

import static java.util.Objects.requireNonNullElse;

/**
 * How an insurer answers quote requests.
 *
 * @param latencyMs         base delay of every answer
 * @param jitterMs          up to this much random extra delay
 * @param errorRate         share of calls answered 503 (0..1)
 * @param hangRate          share of calls that wait {@code simulator.hang-duration} before answering (0..1)
 * @param failFirstAttempts the first N calls per application answer 503, later ones succeed
 * @param hang              every call hangs
 */
public record Behaviour(long latencyMs, long jitterMs, double errorRate, double hangRate, int failFirstAttempts,
                        boolean hang) {

    /** This behaviour with the fields the update sets. */
    Behaviour with(BehaviourUpdate update) {
        return new Behaviour(
                requireNonNullElse(update.latencyMs(), latencyMs),
                requireNonNullElse(update.jitterMs(), jitterMs),
                requireNonNullElse(update.errorRate(), errorRate),
                requireNonNullElse(update.hangRate(), hangRate),
                requireNonNullElse(update.failFirstAttempts(), failFirstAttempts),
                requireNonNullElse(update.hang(), hang));
    }
}
