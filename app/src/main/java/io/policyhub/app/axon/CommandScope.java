package io.policyhub.app.axon;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the thread handling a command left for the event store to commit, and whether the thread
 * reads events for a snapshot. The command bus opens the scope around a command and answers only
 * once every append registered in it is durable (see {@link GroupCommitEventStorageEngine});
 * nested commands join the outer command's scope.
 */
final class CommandScope {

    private static final ThreadLocal<CommandScope> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> SNAPSHOTTING = ThreadLocal.withInitial(() -> false);

    private final List<GroupCommitEventStorageEngine.Append> appends = new ArrayList<>();
    private boolean open = true;

    private CommandScope() {
    }

    /** @return the new scope, or null when the thread already handles a command (whose scope then covers this one) */
    static CommandScope open() {
        if (CURRENT.get() != null) {
            return null;
        }
        CommandScope scope = new CommandScope();
        CURRENT.set(scope);
        return scope;
    }

    boolean isOpen() {
        return open;
    }

    /**
     * Closes the scope and waits for its appends.
     *
     * @param notStored told the aggregates of every append that failed
     * @return null when all are stored, else the first failure
     */
    RuntimeException closeAndAwait(Consumer<String> notStored) {
        open = false;
        CURRENT.remove();
        RuntimeException failure = null;
        for (GroupCommitEventStorageEngine.Append append : appends) {
            RuntimeException outcome = append.awaitOutcome();
            if (outcome != null) {
                append.aggregates.forEach(notStored);
                if (failure == null) {
                    failure = outcome;
                }
            }
        }
        return failure;
    }

    /** Whether a command handled on this thread will wait for appends (else their unit of work must). */
    static boolean canWait() {
        return CURRENT.get() != null;
    }

    /** Leaves the append to the command being handled on this thread ({@link #canWait()} must be true). */
    static void register(GroupCommitEventStorageEngine.Append append) {
        CURRENT.get().appends.add(append);
    }

    /**
     * Whether this thread's event reads load an aggregate under its lock: all but the snapshotter's,
     * which reads without the lock (on its own thread, see {@link Snapshotting}).
     */
    static boolean readsUnderAggregateLock() {
        return !SNAPSHOTTING.get();
    }

    static void snapshotting(Runnable snapshot) {
        boolean outer = !SNAPSHOTTING.get();
        SNAPSHOTTING.set(true);
        try {
            snapshot.run();
        } finally {
            if (outer) {
                SNAPSHOTTING.set(false);
            }
        }
    }
}
