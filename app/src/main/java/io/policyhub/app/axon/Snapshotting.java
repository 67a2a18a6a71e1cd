package io.policyhub.app.axon;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Snapshots for aggregates with long streams. A chat can collect hundreds of thousands of
 * messages; after every {@code policyhub.snapshots.chat-threshold} events its state is stored as a
 * snapshot, so loading it (after a restart, on another instance, or after cache eviction) reads
 * the snapshot plus fewer events than that instead of the whole history.
 */
@Configuration
class Snapshotting {

    @Bean
    SnapshotTriggerDefinition chatSnapshotTrigger(Snapshotter snapshotter,
                                                  @Value("${policyhub.snapshots.chat-threshold:250}") int threshold) {
        // the snapshot's reads are not a load of the aggregate under its lock (see GroupCommitEventStorageEngine)
        Snapshotter marked = (aggregateType, aggregateIdentifier) ->
                CommandScope.snapshotting(() -> snapshotter.scheduleSnapshot(aggregateType, aggregateIdentifier));
        return new EventCountSnapshotTriggerDefinition(marked, threshold);
    }
}
