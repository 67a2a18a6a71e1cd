package io.policyhub.api.insurance;

import java.util.UUID;

import io.policyhub.api.common.NameBasedUuids;

/** An application issues at most one policy, so the policy's id and number derive from the application's id. */
public final class PolicyIds {

    private static final long NUMBERS = 10_000_000_000L;

    private PolicyIds() {
    }

    public static UUID forApplication(UUID applicationId) {
        return NameBasedUuids.of("osago-policy:" + applicationId);
    }

    /** The series and ten digits printed on an electronic OSAGO policy. */
    public static String numberOf(UUID policyId) {
        return "XXX" + String.format("%010d", Math.floorMod(policyId.getMostSignificantBits() ^ policyId.getLeastSignificantBits(), NUMBERS));
    }
}
