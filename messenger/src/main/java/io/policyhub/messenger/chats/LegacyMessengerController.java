package io.policyhub.messenger.chats;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.policyhub.api.chats.ChatMessage;
import io.policyhub.platform.web.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The old messenger's chat calls, in its snake_case, over the same commands and reads as
 * {@code /api/v1/chats}: the same membership checks, the same idempotent chat per pair. Its socket
 * is the gateway's, at {@code /messenger/ws} ({@code LegacyFrames}).
 */
@RestController
class LegacyMessengerController {

    private final ChatCommands messaging;
    private final ChatMembers members;
    private final ChatHistory history;

    LegacyMessengerController(ChatCommands messaging, ChatMembers members, ChatHistory history) {
        this.messaging = messaging;
        this.members = members;
        this.history = history;
    }

    @PostMapping("/messenger/create-chat")
    Map<String, UUID> createChat(Caller caller, @Valid @RequestBody CreateChat request) {
        return Map.of("chat_id", messaging.start(caller.userId(), request.companionId()));
    }

    /** The newest messages first, as v1 pages them. */
    @GetMapping("/messenger/messages")
    List<LegacyMessage> messages(Caller caller, @RequestParam("chat_id") UUID chatId,
                                 @RequestParam(defaultValue = "50") @Min(1) @Max(ChatController.MAX_PAGE) int limit) {
        ChatController.requireMember(members, chatId, caller.userId());
        return history.newest(chatId, limit).messages().stream().map(LegacyMessage::of).toList();
    }

    record CreateChat(@NotNull @JsonProperty("companion_id") UUID companionId) {
    }

    record LegacyMessage(@JsonProperty("message_id") UUID messageId, @JsonProperty("chat_id") UUID chatId,
                         @JsonProperty("sender_id") UUID senderId, String text, @JsonProperty("created_at") Instant createdAt) {

        static LegacyMessage of(ChatMessage message) {
            return new LegacyMessage(message.messageId(), message.chatId(), message.senderId(), message.text(), message.sentAt());
        }
    }
}
