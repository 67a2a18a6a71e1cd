package io.policyhub.api.insurance;

import java.util.List;

/** The answer to {@link FindPolicies}: a record, so the element type survives the trip through Axon Server. */
public record PolicyList(List<PolicyView> policies) {
}
