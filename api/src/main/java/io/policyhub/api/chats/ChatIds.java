package io.policyhub.api.chats;

import java.util.UUID;

import io.policyhub.api.common.NameBasedUuids;

/**
 * Derived identifiers. Two users have one direct chat: its id follows from the pair, so starting
 * it again (or from both sides at once) reaches the same aggregate. A message sent with a
 * client message id gets an id derived from chat, sender and that id, so a resend is recognised.
 */
public final class ChatIds {

    private ChatIds() {
    }

    public static UUID between(UUID oneUser, UUID otherUser) {
        String pair = oneUser.compareTo(otherUser) < 0 ? oneUser + ":" + otherUser : otherUser + ":" + oneUser;
        return NameBasedUuids.of("chat:" + pair);
    }

    public static UUID message(UUID chatId, UUID senderId, String clientMessageId) {
        return NameBasedUuids.of("message:" + chatId + ":" + senderId + ":" + clientMessageId);
    }
}
