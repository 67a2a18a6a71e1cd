package io.policyhub.api.accounts;

import java.util.UUID;

public record AccountOpened(UUID accountId, UUID ownerId, String currency) {
}
