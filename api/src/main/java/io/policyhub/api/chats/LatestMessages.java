package io.policyhub.api.chats;

import java.util.List;
import java.util.UUID;

/** The answer to {@link FindLatestMessages}: per chat, its newest messages, newest first. */
public record LatestMessages(List<OfChat> chats) {

    public record OfChat(UUID chatId, List<ChatMessage> messages) {
    }
}
