package io.policyhub.api.chats;

import java.time.Instant;
import java.util.UUID;

/** A message as clients see it (REST history, WebSocket events). */
public record ChatMessage(UUID messageId, UUID chatId, UUID senderId, String text, Instant sentAt) {
}
