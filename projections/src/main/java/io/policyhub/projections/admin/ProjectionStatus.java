package io.policyhub.projections.admin;

import java.util.List;

/**
 * One streaming processor as operators see it, over every instance that runs it: positions come
 * from the shared token store, states from each instance's heartbeat. {@code lag} counts events
 * between the processor's slowest segment and the head, {@code lagSeconds} is the age of the oldest
 * event it has not processed (0 when caught up); {@code percent} is a replay's progress; {@code parked}
 * counts the events in its dead-letter queue.
 */
public record ProjectionStatus(String name, String status, boolean replaying, boolean replayable, Long position, Long head,
                               Long lag, Long lagSeconds, Double percent, long parked, ReplayRequest replay,
                               List<Instance> instances) {

    /** An instance running the processor and the state it reported last. */
    public record Instance(String node, String status) {
    }

    /** The last replay asked for: REQUESTED until every instance stopped and the tokens were reset (RESET), or FAILED. */
    public record ReplayRequest(long generation, String state, String requestedAt, String detail) {
    }
}
