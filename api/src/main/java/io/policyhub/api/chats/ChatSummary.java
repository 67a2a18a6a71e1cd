package io.policyhub.api.chats;

import java.time.Instant;
import java.util.UUID;

/** One of the caller's chats. */
public record ChatSummary(UUID chatId, UUID companionId, Instant startedAt) {
}
