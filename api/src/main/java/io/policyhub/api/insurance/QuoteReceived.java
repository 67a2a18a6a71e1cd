package io.policyhub.api.insurance;

import java.math.BigDecimal;
import java.util.UUID;

public record QuoteReceived(UUID applicationId, String insurer, BigDecimal premium, int attempts) {
}
