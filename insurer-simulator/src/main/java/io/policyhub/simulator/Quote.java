package io.policyhub.simulator;

import java.math.BigDecimal;
import java.util.UUID;

/** A successful answer: the premium in roubles with two decimals. */
public record Quote(String insurer, UUID quoteId, BigDecimal premium) {
}
