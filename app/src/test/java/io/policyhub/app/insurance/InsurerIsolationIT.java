package io.policyhub.app.insurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.InsurerSimulator;
import io.policyhub.app.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * One insurer that hangs must not hold the others up: its bulkhead caps the scheduler threads it can
 * hold (3 here), its circuit opens after failures in a row, and every other insurer answers each
 * application on its first attempt while it hangs.
 */
@IntegrationTest
@ExtendWith(InsurerSimulator.Prompt.class)
class InsurerIsolationIT {

    private static final int APPLICATIONS = 10;

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext application;
    @Autowired
    MeterRegistry meters;

    private Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        InsurerSimulator.behave("reso", "{\"hang\": true}");
    }

    /** The tests after this one may not close the circuit themselves. */
    @AfterEach
    void closeTheCircuits() {
        InsurerSimulator.reset();
        InsurerSimulator.closeCircuits(application);
    }

    @Test
    void aHangingInsurerHoldsAFewThreadsWhileTheOthersAnswerOnTheFirstAttempt() {
        double refusedBefore = refusedCalls();
        List<Api.User> users = new ArrayList<>();
        List<String> applications = new ArrayList<>();
        for (int i = 0; i < APPLICATIONS; i++) {
            Api.User user = api.newUser();
            Api.Response submitted = api.post("/api/v1/insurance/applications", user.token(), "application/json",
                    InsurerSimulator.APPLICATION, UUID.randomUUID().toString());
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
            users.add(user);
            applications.add(submitted.json().get("applicationId").asString());
        }

        int resoCalls = 0;
        for (int i = 0; i < APPLICATIONS; i++) {
            JsonNode application = api.awaitCompleted(users.get(i), applications.get(i), Duration.ofSeconds(60));
            for (JsonNode quote : application.get("insurers")) {
                String insurer = quote.get("insurer").asString();
                if (insurer.equals("reso")) {
                    assertThat(quote.get("status").asString()).isEqualTo("FAILED");
                    assertThat(quote.get("error").asString()).containsAnyOf("timeout", "insurer busy", "circuit open");
                } else {
                    assertThat(quote.get("status").asString()).as(insurer).isEqualTo("QUOTED");
                    assertThat(quote.get("attempts").asInt()).as(insurer + " answered on its first attempt").isEqualTo(1);
                }
            }
            resoCalls += Integer.parseInt(InsurerSimulator.calls("reso", applications.get(i)).replaceAll("\\D", ""));
        }
        assertThat(resoCalls).as("the hanging insurer got a call for few of the 30 attempts")
                .isLessThan(APPLICATIONS * 3 / 2);
        assertThat(refusedCalls() - refusedBefore).as("attempts refused at once (bulkhead full, circuit open)").isPositive();
    }

    private double refusedCalls() {
        return meters.find("policyhub.insurer.calls").tag("insurer", "reso").timers().stream()
                .filter(timer -> !List.of("success", "failure").contains(timer.getId().getTag("outcome")))
                .mapToDouble(timer -> timer.count())
                .sum();
    }
}
