package io.policyhub.api.chats;

import java.util.UUID;

/**
 * A member's read mark moved to {@code upTo}; {@code unread} is what is left for them: the
 * companion's messages after it (counted among the chat's latest messages, see the Chat aggregate).
 */
public record ChatRead(UUID chatId, UUID readerId, UUID upTo, long upToSequence, int unread) {
}
