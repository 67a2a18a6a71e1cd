package io.policyhub.api.identity;

import java.util.UUID;

public record RelativeRemoved(UUID userId, UUID relativeId) {
}
