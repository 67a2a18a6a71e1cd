package io.policyhub.command.chats;

import java.util.UUID;

import io.policyhub.api.chats.StartChat;
import io.policyhub.api.common.Rejection;
import io.policyhub.command.common.CommandRejectedException;
import io.policyhub.command.identity.User;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Starts chats. Both members must be registered users, which only the event store can tell for
 * certain, so this handler loads both User aggregates before creating the chat. Starting a chat
 * that exists answers its id: the pair has one chat.
 */
@Component
class ChatOpening {

    private final Repository<Chat> chats;
    private final Repository<User> users;

    ChatOpening(@Qualifier("chatRepository") Repository<Chat> chats, @Qualifier("userRepository") Repository<User> users) {
        this.chats = chats;
        this.users = users;
    }

    @CommandHandler
    UUID handle(StartChat command) throws Exception {
        if (command.initiatorId().equals(command.companionId())) {
            throw new CommandRejectedException(Rejection.invalid("chat-with-oneself", "A chat needs another user"));
        }
        requireUser(command.initiatorId());
        requireUser(command.companionId());
        chats.loadOrCreate(command.chatId().toString(), Chat::new)
                .execute(chat -> chat.start(command.chatId(), command.initiatorId(), command.companionId()));
        return command.chatId();
    }

    private void requireUser(UUID userId) {
        Aggregate<User> user;
        try {
            user = users.load(userId.toString());
        } catch (AggregateNotFoundException e) {
            throw unknownUser();
        }
        // another aggregate's stream under this id would source a User without identity
        if (user.identifier() == null) {
            throw unknownUser();
        }
    }

    private static CommandRejectedException unknownUser() {
        return new CommandRejectedException(Rejection.notFound("unknown-user", "The companion is not a registered user"));
    }
}
