package io.policyhub.messenger.chats;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.policyhub.api.chats.ChatMessage;
import io.policyhub.platform.web.Caller;
import io.policyhub.platform.web.ProblemException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chats, v2: history pages addressed by an opaque cursor. The cursor encodes the position in the
 * chat, so the next page needs no lookup of a message id, and clients must not build one themselves.
 * v1 stays as it is for existing clients.
 */
@RestController
class ChatHistoryCursorController {

    private static final String CURSOR_PREFIX = "before:";

    private final ChatMembers members;
    private final ChatHistory history;

    ChatHistoryCursorController(ChatMembers members, ChatHistory history) {
        this.members = members;
        this.history = history;
    }

    record MessagePage(List<ChatMessage> messages, String nextCursor) {
    }

    @GetMapping("/api/v2/chats/{chatId}/messages")
    MessagePage messages(Caller caller, @PathVariable UUID chatId,
                         @RequestParam(defaultValue = "50") @Min(1) @Max(ChatController.MAX_PAGE) int limit,
                         @RequestParam(required = false) String cursor) {
        ChatController.requireMember(members, chatId, caller.userId());
        ChatHistory.Page page = cursor == null ? history.newest(chatId, limit) : history.before(chatId, position(cursor), limit);
        return new MessagePage(page.messages(), page.hasOlder(limit) ? cursor(page.oldestSequence()) : null);
    }

    private static String cursor(long beforeSequence) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + beforeSequence).getBytes(StandardCharsets.UTF_8));
    }

    private static long position(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith(CURSOR_PREFIX)) {
                long sequence = Long.parseLong(decoded.substring(CURSOR_PREFIX.length()));
                if (sequence > 0) {
                    return sequence;
                }
            }
        } catch (IllegalArgumentException malformed) {
            // answered below
        }
        throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-cursor", "The cursor is not one this API gave out");
    }
}
