package io.policyhub.messenger.chats;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.policyhub.api.chats.ChatSummary;
import io.policyhub.api.chats.FindLatestMessages;
import io.policyhub.api.chats.LatestMessages;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * The newest messages of several chats at once, for the GraphQL API (served by the query role, which
 * asks the messenger role through the query bus). Only the asker's own chats are answered, checked
 * with one read of the asker's chats however many are asked for.
 */
@Component
class LatestMessagesQueryHandler {

    static final int MAX_CHATS = 100;

    private final ChatMembers members;
    private final ChatHistory history;

    LatestMessagesQueryHandler(ChatMembers members, ChatHistory history) {
        this.members = members;
        this.history = history;
    }

    @QueryHandler
    LatestMessages handle(FindLatestMessages query) {
        Set<UUID> own = members.chatsOf(query.userId()).stream().map(ChatSummary::chatId).collect(Collectors.toSet());
        List<LatestMessages.OfChat> chats = query.chatIds().stream().distinct().limit(MAX_CHATS)
                .filter(own::contains)
                .map(chatId -> new LatestMessages.OfChat(chatId, history.newest(chatId, query.limit()).messages()))
                .toList();
        return new LatestMessages(chats);
    }
}
