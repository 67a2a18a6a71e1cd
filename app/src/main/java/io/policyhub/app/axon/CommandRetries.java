package io.policyhub.app.axon;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Several instances share one event store, and each caches aggregates. When two instances change
 * the same aggregate at once, the event store accepts one append and refuses the other
 * (ConcurrencyException); the refused command's unit of work rolls back, which also drops the stale
 * cached aggregate. Retrying it then runs it on the fresh state: the aggregate's rules hold, and the
 * client sees an answer instead of a conflict. Creating something that exists is not retried (it
 * would fail the same way), nor is any other failure.
 *
 * <p>A caller waits at most {@code policyhub.commands.timeout} for a command's outcome. Through Axon
 * Server a command may be routed to an instance that has just died; Axon Server answers it only after
 * its own command timeout (five minutes), holding the request thread all that time. Past our bound the
 * outcome is unknown, so the client gets 503 with Retry-After ({@code TransientFailures}), not a 500.
 */
@Configuration
class CommandRetries {

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, MeterRegistry meters,
                                  @Value("${policyhub.commands.concurrency-retries:5}") int retries,
                                  @Value("${policyhub.commands.concurrency-backoff:5ms}") Duration backoff,
                                  @Value("${policyhub.commands.timeout:30s}") Duration timeout) {
        return new BoundedWait(DefaultCommandGateway.builder()
                .commandBus(new StoreConflicts.Dispatching(commandBus))
                .retryScheduler(new ConcurrencyRetry(retries, backoff, meters.counter("policyhub.command.retries"))), timeout);
    }

    /** {@code sendAndWait(command)} waits no longer than the bound; a timeout surfaces as a TimeoutException cause. */
    static final class BoundedWait extends DefaultCommandGateway {

        private final long timeoutMillis;

        BoundedWait(DefaultCommandGateway.Builder builder, Duration timeout) {
            super(builder);
            this.timeoutMillis = timeout.toMillis();
        }

        @Override
        public <R> R sendAndWait(Object command) {
            return sendAndWait(command, timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    static final class ConcurrencyRetry implements RetryScheduler {

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
        private final int retries;
        private final long backoffMicros;
        private final Counter retried;

        ConcurrencyRetry(int retries, Duration backoff, Counter retried) {
            this.retries = retries;
            this.backoffMicros = backoff.toNanos() / 1000;
            this.retried = retried;
        }

        @Override
        public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                     List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
            if (!(lastFailure instanceof ConcurrencyException) || lastFailure instanceof AggregateStreamCreationException
                    || failures.size() > retries) {
                return false;
            }
            // jittered, growing pauses so that the competing instances do not collide again
            long pause = backoffMicros * failures.size() + ThreadLocalRandom.current().nextLong(backoffMicros + 1);
            timer.schedule(commandDispatch, pause, TimeUnit.MICROSECONDS);
            retried.increment();
            return true;
        }
    }
}
