package io.policyhub.app.axon.eventstore;

/**
 * The thread snapshots are taken on. It reads an aggregate's events without the aggregate's lock,
 * while commands built on a stale state may still be about to queue their appends, so the engine
 * does not take its reads for the fresh load that clears the stale mark.
 */
public final class SnapshotThread extends Thread {

    public SnapshotThread(Runnable task) {
        super(task, "snapshotter");
        setDaemon(true);
    }

    static boolean isCurrent() {
        return Thread.currentThread() instanceof SnapshotThread;
    }
}
