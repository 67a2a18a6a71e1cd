package io.policyhub.app.axon.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store's reader polls only once a minute here, so every event that arrives within seconds was
 * delivered by a wake from {@link EventStoreWokenOnStoring#eventsStored()}.
 */
class EventStoreWokenOnStoringTest {

    private final InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine();
    private final EventStoreWokenOnStoring store = new EventStoreWokenOnStoring(
            EmbeddedEventStore.builder().storageEngine(engine).fetchDelay(60_000), Duration.ofMillis(300));

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    @Test
    void storedEventsReachTheReadersWhenTheEngineSaysSo() throws InterruptedException {
        BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null);
        assertThat(stream.hasNextAvailable(200, TimeUnit.MILLISECONDS)).isFalse();

        store("first");
        assertThat(next(stream)).isEqualTo("first");
    }

    @Test
    void eventsStoredWhileTheWakerPausesAreDeliveredWhenThePauseEnds() throws InterruptedException {
        BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null);
        store("first");
        assertThat(next(stream)).isEqualTo("first");

        // the reader has read "first"; the waker now waits out its pace before it wakes it again
        store("second");
        store("third");
        assertThat(next(stream)).isEqualTo("second");
        assertThat(next(stream)).isEqualTo("third");
    }

    private void store(String payload) {
        engine.appendEvents(GenericEventMessage.asEventMessage(payload));
        store.eventsStored();
    }

    private static Object next(BlockingStream<TrackedEventMessage<?>> stream) throws InterruptedException {
        assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).as("an event within 5 s").isTrue();
        return stream.nextAvailable().getPayload();
    }
}
