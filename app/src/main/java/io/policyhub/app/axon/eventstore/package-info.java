/**
 * The pipelined PostgreSQL event store: many commands' events go to disk in one transaction, and a
 * command's unit of work does not wait for it. The protocol between its parts:
 * <ol>
 * <li><b>Who queues.</b> A command's unit of work, in its prepare-commit phase, hands its events to
 * {@link GroupCommitEventStorageEngine}, which serializes them on the command's thread and queues
 * them as one append. If the unit of work (or one enclosing it) carries a {@link CommandScope} in
 * its resources, the append is registered there and the unit of work commits and releases the
 * aggregate's lock at once; otherwise (event processors, deadlines,
 * {@code policyhub.event-store.pipelined=false}) the unit of work waits for the append's outcome.</li>
 * <li><b>Who commits.</b> Only the engine's committer thread, on a connection pool of its own: all
 * that is queued (up to {@code max-batch}) goes in one JDBC batch and one transaction; a batch that
 * fails is rolled back and its appends committed one by one, so only the guilty one fails.</li>
 * <li><b>When a command is answered.</b> {@link PipelinedCommandBus} creates a scope per command,
 * attaches it to the command's unit of work and answers only once every append in it is durable or
 * has failed. Commands sent while handling one join its scope.</li>
 * <li><b>What marks an aggregate stale.</b> A failed append registered in a scope: later commands
 * may have built on its events. The committer refuses every later append to the aggregate but a
 * creation, with a {@code ConcurrencyException}, until the aggregate has been read afresh under its
 * lock (any read of its events except on the {@link SnapshotThread}): that read queues a marker
 * behind the stale appends, and reaching it clears the mark.</li>
 * <li><b>On failure.</b> The command fails with the store's exception, and the bus evicts the failed
 * append's aggregates from every aggregate cache, so the gateway's retry of a conflict loads them
 * afresh. A unit of work that waited throws the exception and rolls back itself.</li>
 * <li><b>Afterwards.</b> After each commit the engine wakes the event store's readers
 * ({@link EventStoreWokenOnStoring}): Axon wakes them when the unit of work commits, which here is
 * before the events are stored.</li>
 * </ol>
 */
package io.policyhub.app.axon.eventstore;
