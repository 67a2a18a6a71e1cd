package io.policyhub.messenger.chats;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import io.policyhub.api.chats.ChatMessage;
import io.policyhub.api.chats.ChatSummary;
import io.policyhub.api.chats.SendMessage;
import io.policyhub.platform.web.Caller;
import io.policyhub.platform.web.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Chats, v1 of the API: pages of history addressed by the oldest message id seen ({@code before}). */
@RestController
class ChatController {

    static final int MAX_PAGE = 200;

    private final ChatCommands messaging;
    private final ChatMembers members;
    private final ChatHistory history;

    ChatController(ChatCommands messaging, ChatMembers members, ChatHistory history) {
        this.messaging = messaging;
        this.members = members;
        this.history = history;
    }

    /** The pair has one chat: starting it again answers the same id. */
    @PostMapping("/api/v1/chats")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, UUID> start(Caller caller, @Valid @RequestBody StartRequest request) {
        return Map.of("chatId", messaging.start(caller.userId(), request.companionId()));
    }

    @GetMapping("/api/v1/chats")
    List<ChatSummary> chats(Caller caller) {
        return members.chatsOf(caller.userId());
    }

    @PostMapping("/api/v1/chats/{chatId}/messages")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, UUID> send(Caller caller, @PathVariable UUID chatId, @Valid @RequestBody MessageRequest request) {
        try {
            return Map.of("messageId", messaging.send(chatId, caller.userId(), request.text(), request.clientMessageId()).join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    @GetMapping("/api/v1/chats/{chatId}/messages")
    List<ChatMessage> messages(Caller caller, @PathVariable UUID chatId,
                               @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE) int limit,
                               @RequestParam(required = false) UUID before) {
        requireMember(members, chatId, caller.userId());
        if (before == null) {
            return history.newest(chatId, limit).messages();
        }
        long sequence = history.sequenceOf(chatId, before).orElseThrow(() ->
                new ProblemException(HttpStatus.BAD_REQUEST, "invalid-before", "before names no message of this chat"));
        return history.before(chatId, sequence, limit).messages();
    }

    /** The companion hears of it on their {@code user:<id>} topic; a mark behind the current one changes nothing. */
    @PostMapping("/api/v1/chats/{chatId}/read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void read(Caller caller, @PathVariable UUID chatId, @Valid @RequestBody ReadRequest request) {
        requireMember(members, chatId, caller.userId());
        long sequence = members.sequenceOf(chatId, request.upTo(), history).orElseThrow(() ->
                new ProblemException(HttpStatus.BAD_REQUEST, "invalid-read-mark", "upTo names no message of this chat"));
        messaging.markRead(chatId, caller.userId(), request.upTo(), sequence);
    }

    /** Non-members learn nothing but that they may not look. */
    static void requireMember(ChatMembers members, UUID chatId, UUID userId) {
        switch (members.access(chatId, userId)) {
            case NO_SUCH_CHAT -> throw new ProblemException(HttpStatus.NOT_FOUND, "not-found", "No such chat");
            case NOT_A_MEMBER -> throw new ProblemException(HttpStatus.FORBIDDEN, "not-a-member", "Only members may read this chat");
            case MEMBER -> { }
        }
    }

    record StartRequest(@NotNull UUID companionId) {
    }

    record ReadRequest(@NotNull UUID upTo) {
    }

    record MessageRequest(@NotBlank @Size(max = SendMessage.MAX_TEXT_LENGTH) String text,
                          @Size(min = 1, max = ChatCommands.MAX_CLIENT_MESSAGE_ID_LENGTH) String clientMessageId) {
    }
}
