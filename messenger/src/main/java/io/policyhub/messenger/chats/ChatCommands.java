package io.policyhub.messenger.chats;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.policyhub.api.chats.ChatIds;
import io.policyhub.api.chats.MarkChatRead;
import io.policyhub.api.chats.SendMessage;
import io.policyhub.api.chats.StartChat;
import io.policyhub.platform.ratelimit.InstanceRateLimiter;
import io.policyhub.platform.ratelimit.RateLimiter;
import io.policyhub.platform.web.ProblemException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The chat commands, shared by REST and the WebSocket gateway. */
@Component
public class ChatCommands {

    public static final int MAX_CLIENT_MESSAGE_ID_LENGTH = 128;

    private final CommandGateway commandGateway;
    private final ChatMembers members;
    private final InstanceRateLimiter rateLimiter;
    private final int sendLimit;
    private final Duration sendLimitPeriod;

    ChatCommands(CommandGateway commandGateway, ChatMembers members, InstanceRateLimiter rateLimiter,
                 @Value("${policyhub.chats.send-limit:120}") int sendLimit,
                 @Value("${policyhub.chats.send-limit-period:60s}") Duration sendLimitPeriod) {
        this.commandGateway = commandGateway;
        this.members = members;
        this.rateLimiter = rateLimiter;
        this.sendLimit = sendLimit;
        this.sendLimitPeriod = sendLimitPeriod;
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

    /** Moves the member's read mark; answers once the member's chat list shows it. */
    void markRead(UUID chatId, UUID readerId, UUID upTo, long upToSequence) {
        commandGateway.sendAndWait(new MarkChatRead(chatId, readerId, upTo, upToSequence));
        members.awaitReadMark(chatId, readerId, upToSequence);
    }

    /**
     * Sends a message. A client message id makes the send idempotent: the message id is derived
     * from it, and the chat does not store a message id twice. Each user may send
     * {@code policyhub.chats.send-limit} messages per {@code send-limit-period} over REST and
     * WebSocket together, counted per instance (a check on every message must cost no round trip);
     * beyond that the send fails with 429 and when to retry.
     */
    public CompletableFuture<UUID> send(UUID chatId, UUID senderId, String text, String clientMessageId) {
        Optional<Duration> wait = rateLimiter.tryConsume("chat-sends:" + senderId, sendLimit, sendLimitPeriod);
        if (wait.isPresent()) {
            long seconds = RateLimiter.retryAfterSeconds(wait.get());
            return CompletableFuture.failedFuture(new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "too-many-messages",
                    "At most " + sendLimit + " messages per " + sendLimitPeriod.toSeconds() + " s; retry in " + seconds + " s", seconds));
        }
        UUID messageId = clientMessageId == null ? UUID.randomUUID() : ChatIds.message(chatId, senderId, clientMessageId);
        return commandGateway.send(new SendMessage(chatId, messageId, senderId, text));
    }
}
