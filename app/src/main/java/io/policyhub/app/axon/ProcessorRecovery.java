package io.policyhub.app.axon;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Brings tracking processors back as soon as their event store answers again. A tracking
 * processor whose stream failed (Axon Server restarting, PostgreSQL unreachable) releases its
 * segments and waits before each retry twice as long as before, up to a minute that Axon does not
 * let us shorten: read models and sagas would stand still for up to a minute after a short outage.
 * Every {@code recovery-check} this asks the store for its head; when that fails and then answers
 * again, or a processor reports an error while the store answers, the processors are restarted,
 * which starts their workers afresh. Tokens are untouched: nothing is skipped or applied twice.
 */
@Component
class ProcessorRecovery {

    private static final Logger log = LoggerFactory.getLogger(ProcessorRecovery.class);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final Duration interval;
    private boolean storeWasAway;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "processor-recovery");
        thread.setDaemon(true);
        return thread;
    });

    ProcessorRecovery(EventProcessingConfiguration processing, EventStore eventStore,
                      @Value("${policyhub.processing.recovery-check:1s}") Duration interval) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.interval = interval;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        timer.scheduleWithFixedDelay(this::recover, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void recover() {
        try {
            eventStore.createHeadToken();
        } catch (RuntimeException away) {
            if (!storeWasAway) {
                log.warn("Event store unreachable ({}); processors restart once it answers", away.toString());
            }
            storeWasAway = true;
            return;
        }
        boolean back = storeWasAway;
        storeWasAway = false;
        processing.eventProcessors().values().stream()
                .filter(TrackingEventProcessor.class::isInstance).map(TrackingEventProcessor.class::cast)
                .filter(processor -> processor.isRunning() && (back || processor.isError()))
                .forEach(this::restart);
    }

    private void restart(TrackingEventProcessor processor) {
        try {
            log.info("Event store answers: restarting processor {} instead of waiting out its back-off", processor.getName());
            processor.shutDown();
            processor.start();
        } catch (RuntimeException e) {
            log.warn("Processor {} not restarted: {}", processor.getName(), e.toString());
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
