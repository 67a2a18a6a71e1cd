package io.policyhub.api.chats;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

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
        return UUID.nameUUIDFromBytes(("chat:" + pair).getBytes(StandardCharsets.UTF_8));
    }

    public static UUID message(UUID chatId, UUID senderId, String clientMessageId) {
        return UUID.nameUUIDFromBytes(("message:" + chatId + ":" + senderId + ":" + clientMessageId)
                .getBytes(StandardCharsets.UTF_8));
    }
}
