package io.policyhub.api.accounts;

import java.math.BigDecimal;
import java.util.UUID;

public record MoneyWithdrawn(UUID accountId, BigDecimal amount, BigDecimal balance) {
}
