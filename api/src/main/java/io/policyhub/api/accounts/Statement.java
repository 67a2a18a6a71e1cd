package io.policyhub.api.accounts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A page of an account statement: the balance at {@code asOf} (now when not asked for a moment),
 * entries newest first, and the sequence to page on from ({@code null} on the last page).
 */
public record Statement(BigDecimal balance, Instant asOf, List<StatementEntry> entries, Long nextBefore) {
}
