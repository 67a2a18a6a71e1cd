package io.policyhub.api.chats;

import java.time.Instant;
import java.util.UUID;

/**
 * A message stored in a chat. {@code sequence} is the event's sequence number in the chat's
 * stream (1 for the first message): it orders the history and lets readers tell whether a copy
 * of the history is complete. {@code sentAt} has millisecond precision, like every history store.
 */
public record MessageSent(UUID chatId, UUID messageId, UUID senderId, String text, long sequence, Instant sentAt) {

    public ChatMessage toMessage() {
        return new ChatMessage(messageId, chatId, senderId, text, sentAt);
    }
}
