package io.policyhub.api.accounts;

import java.math.BigDecimal;
import java.util.UUID;

public record AccountView(UUID accountId, UUID userId, BigDecimal balance, String currency) {
}
