package io.policyhub.api.identity;

import java.util.UUID;

public record DocumentRemoved(UUID userId, UUID documentId) {
}
