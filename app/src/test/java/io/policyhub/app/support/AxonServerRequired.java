package io.policyhub.app.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * In the Axon Server run, a test without a reachable Axon Server is reported as skipped with the
 * reason, never as passed; under CI ({@code CI=true}) it fails instead, since CI provides the server.
 * Registered for every test through JUnit's extension auto-detection (failsafe configuration).
 */
public final class AxonServerRequired implements ExecutionCondition {

    private static volatile Boolean reachable;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!TestMode.axonServer()) {
            return ConditionEvaluationResult.enabled("local event store");
        }
        String address = TestMode.axonServerAddress();
        if (reachable == null) {
            reachable = TestMode.reachable(address);
        }
        if (reachable) {
            return ConditionEvaluationResult.enabled("Axon Server at " + address);
        }
        String reason = "skipped: no Axon Server at " + address
                + " (start one with AXONSERVER_JAR=<axonserver.jar> make infra-up, or name one in AXONSERVER_SERVERS)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI provides an Axon Server, yet none answers: " + reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
