package io.policyhub.api.insurance;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code status} is IN_PROGRESS until every insurer answered, then COMPLETED. */
public record ApplicationView(UUID applicationId, String status, List<InsurerQuote> insurers, Instant updatedAt) {

    /** {@code status}: PENDING, QUOTED (with premium) or FAILED (with error). */
    public record InsurerQuote(String insurer, String status, BigDecimal premium, int attempts, String error,
                               Instant updatedAt) {
    }
}
