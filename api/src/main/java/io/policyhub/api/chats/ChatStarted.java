package io.policyhub.api.chats;

import java.time.Instant;
import java.util.UUID;

public record ChatStarted(UUID chatId, UUID initiatorId, UUID companionId, Instant startedAt) {
}
