package io.policyhub.app.insurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.AppProcess;
import io.policyhub.app.support.EventLog;
import io.policyhub.app.support.InsurerSimulator;
import io.policyhub.app.support.IntegrationTest;
import io.policyhub.app.support.TestMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 of the packaged application while every insurer call is in flight: a second process
 * picks the persisted tasks up (db-scheduler revives executions whose heartbeat stopped), the
 * application completes and no insurer is recorded twice.
 */
@IntegrationTest
class CrashRecoveryIT {

    private static final int PORT = 18085;
    private static final List<String> INSURERS = List.of("alfa", "ingos", "reso", "rgs", "sogaz");

    @Autowired
    EventLog events;

    @Autowired
    Scheduler scheduler;

    private AppProcess app;

    @BeforeAll
    static void startSimulator() throws Exception {
        InsurerSimulator.ensureRunning();
    }

    @BeforeEach
    void onlyTheProcessesRunTasks() {
        // the shared test context polls the same task table with 1 s insurer timeouts: it would take
        // some of the calls and fail them against the simulator's 4 s latency
        scheduler.pause();
    }

    @AfterEach
    void stopApp() throws InterruptedException {
        if (app != null) {
            app.close();
        }
        scheduler.resume();
    }

    @Test
    void applicationsInFlightCompleteAfterAKillAndRestart() throws Exception {
        InsurerSimulator.reset();
        INSURERS.forEach(insurer -> InsurerSimulator.behave(insurer, "{\"latencyMs\": 4000}"));
        Api api = new Api(PORT);
        app = start("first");
        Api.User user = api.newUser();
        Api.Response submitted = api.post("/api/v1/insurance/applications", user.token(), "application/json",
                InsurerSimulator.APPLICATION, UUID.randomUUID().toString());
        assertThat(submitted.status()).isEqualTo(202);
        String applicationId = submitted.json().get("applicationId").asString();
        awaitCalls(applicationId);

        app.kill();
        INSURERS.forEach(insurer -> InsurerSimulator.behave(insurer, "{\"latencyMs\": 20}"));
        app = start("second");

        JsonNode application = api.awaitCompleted(user, applicationId, Duration.ofSeconds(120));
        application.get("insurers").forEach(insurer -> assertThat(insurer.get("status").asString()).isEqualTo("QUOTED"));
        assertThat(events.count(applicationId, "QuoteReceived")).as("every insurer quoted exactly once").isEqualTo(5);
    }

    /** Waits until the simulator has received every insurer's call: all are in flight now. */
    private static void awaitCalls(String applicationId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (INSURERS.stream().anyMatch(insurer -> InsurerSimulator.calls(insurer, applicationId).contains("\"calls\":0"))) {
            assertThat(System.nanoTime()).as("all insurers called within 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** The packaged application as its own process, in this run's mode, against the integration-test database and simulator. */
    private static AppProcess start(String name) throws IOException, InterruptedException {
        return AppProcess.start("crash-recovery-" + name, PORT, List.of(
                "--spring.profiles.active=" + String.join(",", TestMode.current().profiles()),
                "--spring.config.additional-location=optional:file:src/test/resources/",
                "--policyhub.insurance.request-timeout=10s",
                "--policyhub.scheduler.heartbeat-interval=1s"));
    }
}
