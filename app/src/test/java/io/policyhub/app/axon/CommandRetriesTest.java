package io.policyhub.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.policyhub.platform.web.FailureProblems;
import org.axonframework.commandhandling.AsynchronousCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wait for a command's outcome is bounded, and a command that outlives it is answered "retry", not "failed". */
class CommandRetriesTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final AsynchronousCommandBus bus = AsynchronousCommandBus.builder().build();
    private final CommandGateway gateway = new CommandRetries().commandGateway(bus, new SimpleMeterRegistry(), 5,
            Duration.ofMillis(5), Duration.ofMillis(300));

    @AfterEach
    void releaseTheHandler() {
        release.countDown();
        bus.shutdown();
    }

    @Test
    void aCommandWhoseHandlerNeverAnswersIsAnsweredRetryAfterTheBound() {
        bus.subscribe(String.class.getName(), command -> release.await(1, TimeUnit.MINUTES));
        long start = System.nanoTime();

        Throwable failure = catchThrowable(() -> gateway.sendAndWait("deposit routed to an instance that died"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300), Duration.ofSeconds(10));
        FailureProblems.Problem problem = FailureProblems.of(failure);
        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.retryAfterSeconds()).isNotNull();
    }

    @Test
    void aCommandAnsweredInTimeGivesItsResult() {
        bus.subscribe(String.class.getName(), command -> "handled " + command.getPayload());

        String result = gateway.sendAndWait("deposit");

        assertThat(result).isEqualTo("handled deposit");
    }
}
