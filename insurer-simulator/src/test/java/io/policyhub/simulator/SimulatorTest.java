package io.policyhub.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class SimulatorTest {

    private static final Duration HANG = Duration.ofMinutes(10);

    @Test
    void failFirstAttemptsCountsPerApplication() {
        Simulator simulator = simulator(false, new Behaviour(0, 0, 0, 0, 2, false));
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        assertThat(simulator.receive("alfa", first).fails()).isTrue();
        assertThat(simulator.receive("alfa", second).fails()).isTrue();
        assertThat(simulator.receive("alfa", first).fails()).isTrue();
        assertThat(simulator.receive("alfa", first).fails()).isFalse();
        assertThat(simulator.receive("alfa", second).fails()).isTrue();
        assertThat(simulator.receive("alfa", second).fails()).isFalse();
        assertThat(simulator.calls("alfa", first)).isEqualTo(3);
        assertThat(simulator.calls("alfa", second)).isEqualTo(3);
    }

    @Test
    void deterministicModeIgnoresErrorRateHangRateAndJitter() {
        Simulator simulator = simulator(true, new Behaviour(120, 5_000, 1, 1, 0, false));

        for (int i = 0; i < 20; i++) {
            Simulator.Answer answer = simulator.receive("alfa", UUID.randomUUID());
            assertThat(answer.fails()).isFalse();
            assertThat(answer.hangs()).isFalse();
            assertThat(answer.delay()).isEqualTo(Duration.ofMillis(120));
        }
    }

    @Test
    void otherwiseErrorRateAndHangRateApply() {
        Simulator simulator = simulator(false, new Behaviour(120, 0, 1, 1, 0, false));

        Simulator.Answer answer = simulator.receive("alfa", UUID.randomUUID());

        assertThat(answer.fails()).isTrue();
        assertThat(answer.hangs()).isTrue();
        assertThat(answer.delay()).isEqualTo(HANG);
    }

    @Test
    void hangAppliesInDeterministicModeToo() {
        Simulator simulator = simulator(true, new Behaviour(120, 0, 0, 0, 0, true));

        assertThat(simulator.receive("alfa", UUID.randomUUID()).delay()).isEqualTo(HANG);
    }

    @Test
    void anUpdateChangesOnlyTheGivenFieldsAndResetRestoresTheConfigurationAndClearsCalls() {
        Behaviour configured = new Behaviour(80, 40, 0.05, 0, 0, false);
        Simulator simulator = simulator(false, configured);
        UUID application = UUID.randomUUID();
        simulator.receive("alfa", application);

        Behaviour updated = simulator.update("alfa", new BehaviourUpdate(5L, null, null, null, 3, true));

        assertThat(updated).isEqualTo(new Behaviour(5, 40, 0.05, 0, 3, true));
        assertThat(simulator.insurers()).singleElement().satisfies(insurer -> {
            assertThat(insurer.behaviour()).isEqualTo(updated);
            assertThat(insurer.premiumFactor()).isEqualByComparingTo("0.962");
        });

        simulator.reset();

        assertThat(simulator.insurers().get(0).behaviour()).isEqualTo(configured);
        assertThat(simulator.calls("alfa", application)).isZero();
    }

    @Test
    void unknownInsurersAreRejected() {
        Simulator simulator = simulator(false, new Behaviour(0, 0, 0, 0, 0, false));

        assertThatThrownBy(() -> simulator.receive("nobody", UUID.randomUUID())).isInstanceOf(UnknownInsurerException.class);
        assertThatThrownBy(() -> simulator.calls("nobody", UUID.randomUUID())).isInstanceOf(UnknownInsurerException.class);
        assertThatThrownBy(() -> simulator.update("nobody", new BehaviourUpdate(null, null, null, null, null, true)))
                .isInstanceOf(UnknownInsurerException.class);
    }

    private static Simulator simulator(boolean deterministic, Behaviour alfa) {
        SimulatorProperties.Insurer insurer = new SimulatorProperties.Insurer(new BigDecimal("0.962"), alfa.latencyMs(),
                alfa.jitterMs(), alfa.errorRate(), alfa.hangRate(), alfa.failFirstAttempts(), alfa.hang());
        return new Simulator(new SimulatorProperties(deterministic, HANG, Map.of("alfa", insurer)));
    }
}
