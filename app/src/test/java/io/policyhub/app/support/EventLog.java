package io.policyhub.app.support;

import java.util.List;
import java.util.Optional;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * What the event store holds, read through Axon's own API: the same assertions hold on the
 * PostgreSQL event store and on Axon Server.
 */
@Component
public class EventLog {

    private final EventStore eventStore;
    private final Serializer serializer;

    public EventLog(EventStore eventStore, @Qualifier("eventSerializer") Serializer serializer) {
        this.eventStore = eventStore;
        this.serializer = serializer;
    }

    /** Every event of the aggregate from its first, ignoring snapshots. */
    public List<DomainEventMessage<?>> events(String aggregateId) {
        return eventStore.readEvents(aggregateId, 0).asStream().<DomainEventMessage<?>>map(event -> event).toList();
    }

    public long count(String aggregateId) {
        return events(aggregateId).size();
    }

    /** Events of the aggregate whose payload class has the given simple name. */
    public long count(String aggregateId, String payloadType) {
        return events(aggregateId).stream().filter(event -> event.getPayloadType().getSimpleName().equals(payloadType)).count();
    }

    /** The payloads as the event serializer writes them to the store. */
    public List<String> serializedPayloads(String aggregateId) {
        return events(aggregateId).stream().map(event -> serializer.serialize(event.getPayload(), String.class).getData()).toList();
    }

    /** The sequence number of the aggregate's newest snapshot, if it has one. */
    public Optional<Long> snapshotSequence(String aggregateId) {
        DomainEventStream stream = eventStore.readEvents(aggregateId);
        if (!stream.hasNext()) {
            return Optional.empty();
        }
        DomainEventMessage<?> first = stream.peek();
        boolean snapshot = first.getPayloadType().getSimpleName().equals(first.getType());
        return snapshot ? Optional.of(first.getSequenceNumber()) : Optional.empty();
    }
}
