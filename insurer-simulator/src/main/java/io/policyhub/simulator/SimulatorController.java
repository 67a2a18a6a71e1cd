package io.policyhub.simulator;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

@RestController
class SimulatorController {

    private static final Logger log = LoggerFactory.getLogger(SimulatorController.class);

    private final Simulator simulator;
    private final PremiumCalculator premiums;
    private final ScheduledExecutorService scheduler;

    SimulatorController(Simulator simulator, PremiumCalculator premiums, ScheduledExecutorService scheduler) {
        this.simulator = simulator;
        this.premiums = premiums;
        this.scheduler = scheduler;
    }

    @PostMapping("/insurers/{insurer}/quotes")
    DeferredResult<ResponseEntity<?>> quote(@PathVariable String insurer, @Valid @RequestBody QuoteRequest request) {
        Simulator.Answer answer = simulator.receive(insurer, request.applicationId());
        if (answer.hangs() || answer.fails()) {
            log.info("{} {} application {} (call {}, attempt {})", insurer, answer.hangs() ? "hangs on" : "fails",
                    request.applicationId(), answer.call(), request.attempt());
        }
        ResponseEntity<?> response = answer.fails()
                ? ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                        "simulated failure of " + insurer)).build()
                : ResponseEntity.ok(new Quote(insurer, UUID.randomUUID(),
                        premiums.premium(request, simulator.premiumFactor(insurer))));
        // Without an explicit timeout the container's default (30 s) would cut a long hang short.
        DeferredResult<ResponseEntity<?>> result = new DeferredResult<>(answer.delay().toMillis() + 60_000);
        scheduler.schedule(() -> result.setResult(response), answer.delay().toMillis(), TimeUnit.MILLISECONDS);
        return result;
    }

    @GetMapping("/insurers")
    List<Simulator.InsurerView> insurers() {
        return simulator.insurers();
    }

    @PutMapping("/insurers/{insurer}/behaviour")
    Behaviour updateBehaviour(@PathVariable String insurer, @Valid @RequestBody BehaviourUpdate update) {
        return simulator.update(insurer, update);
    }

    @GetMapping("/insurers/{insurer}/calls")
    Map<String, Integer> calls(@PathVariable String insurer, @RequestParam UUID applicationId) {
        return Map.of("calls", simulator.calls(insurer, applicationId));
    }

    @PostMapping("/reset")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void reset() {
        simulator.reset();
    }

    @GetMapping("/health")
    Map<String, String> health() {
        return Map.of("status", "UP");
    }
}
