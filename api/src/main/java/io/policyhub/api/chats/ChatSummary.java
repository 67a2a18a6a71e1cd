package io.policyhub.api.chats;

import java.time.Instant;
import java.util.UUID;

/**
 * One of the caller's chats, as the chat list shows it.
 *
 * @param companionName     the companion's display name (null once the companion's data was erased)
 * @param lastMessage       the newest message, null before the first one
 * @param unread            the companion's messages after the caller's read mark
 * @param companionReadUpTo the newest message the companion has read (their own messages count as read)
 */
public record ChatSummary(UUID chatId, UUID companionId, String companionName, ChatMessage lastMessage, int unread,
                          UUID companionReadUpTo, Instant startedAt) {

    public ChatSummary withCompanionName(String name) {
        return new ChatSummary(chatId, companionId, name, lastMessage, unread, companionReadUpTo, startedAt);
    }
}
