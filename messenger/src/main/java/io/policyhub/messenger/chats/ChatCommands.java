package io.policyhub.messenger.chats;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.policyhub.api.chats.ChatIds;
import io.policyhub.api.chats.SendMessage;
import io.policyhub.api.chats.StartChat;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

/** The chat commands, shared by REST and the WebSocket gateway. */
@Component
public class ChatCommands {

    public static final int MAX_CLIENT_MESSAGE_ID_LENGTH = 128;

    private final CommandGateway commandGateway;
    private final ChatMembers members;

    ChatCommands(CommandGateway commandGateway, ChatMembers members) {
        this.commandGateway = commandGateway;
        this.members = members;
    }

    /** Starts (or finds) the direct chat of two users; answers once the caller's chat list shows it. */
    UUID start(UUID initiatorId, UUID companionId) {
        UUID chatId = ChatIds.between(initiatorId, companionId);
        try {
            commandGateway.sendAndWait(new StartChat(chatId, initiatorId, companionId));
        } catch (ConcurrencyException startedConcurrently) {
            // the other member started it at the same moment: the chat exists, which is what was asked
        }
        members.awaitMembership(chatId, initiatorId);
        return chatId;
    }

    /**
     * Sends a message. A client message id makes the send idempotent: the message id is derived
     * from it, and the chat does not store a message id twice.
     */
    public CompletableFuture<UUID> send(UUID chatId, UUID senderId, String text, String clientMessageId) {
        UUID messageId = clientMessageId == null ? UUID.randomUUID() : ChatIds.message(chatId, senderId, clientMessageId);
        return commandGateway.send(new SendMessage(chatId, messageId, senderId, text));
    }
}
