package io.policyhub.command.chats;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.policyhub.api.chats.ChatIds;
import io.policyhub.api.chats.ChatRead;
import io.policyhub.api.chats.ChatStarted;
import io.policyhub.api.chats.MarkChatRead;
import io.policyhub.api.chats.MessageSent;
import io.policyhub.api.chats.SendMessage;
import io.policyhub.api.chats.StartChat;
import io.policyhub.api.common.Rejection;
import io.policyhub.command.common.CommandRejectedException;
import io.policyhub.command.identity.User;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatTest {

    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID chatId = ChatIds.between(alice, bob);
    private final Instant startedAt = Instant.parse("2026-11-01T10:00:00.123Z");

    private AggregateTestFixture<Chat> fixture;
    private Repository<User> users;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        fixture = new AggregateTestFixture<>(Chat.class);
        users = mock(Repository.class);
        when(users.load(anyString())).thenThrow(new AggregateNotFoundException("?", "no such user"));
        fixture.registerAnnotatedCommandHandler(new ChatOpening(fixture.getRepository(), users));
    }

    @Test
    void twoRegisteredUsersStartAChat() {
        registered(alice);
        registered(bob);

        fixture.givenNoPriorActivity()
                .when(new StartChat(chatId, alice, bob))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(chatId)
                .expectEvents(new ChatStarted(chatId, alice, bob, now()));
    }

    @Test
    void startingAnExistingChatAnswersItsIdAndChangesNothing() {
        registered(alice);
        registered(bob);

        fixture.given(new ChatStarted(chatId, alice, bob, startedAt))
                .when(new StartChat(chatId, bob, alice))
                .expectResultMessagePayload(chatId)
                .expectNoEvents();
    }

    @Test
    void theCompanionMustBeARegisteredUser() {
        registered(alice);

        fixture.givenNoPriorActivity()
                .when(new StartChat(chatId, alice, bob))
                .expectException(CommandRejectedException.class)
                .expectExceptionDetails(Rejection.notFound("unknown-user", "The companion is not a registered user"))
                .expectNoEvents();
    }

    @Test
    void nobodyChatsWithThemselves() {
        registered(alice);

        fixture.givenNoPriorActivity()
                .when(new StartChat(ChatIds.between(alice, alice), alice, alice))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
    }

    @Test
    void aMemberSendsAMessageNumberedAfterTheChatsLastEvent() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        fixture.given(new ChatStarted(chatId, alice, bob, startedAt), sent(first, alice, 1))
                .when(new SendMessage(chatId, second, bob, "hi Alice"))
                .expectResultMessagePayload(second)
                .expectEvents(new MessageSent(chatId, second, bob, "hi Alice", 2, now()));
    }

    @Test
    void aResentMessageIsStoredOnce() {
        UUID messageId = UUID.randomUUID();

        fixture.given(new ChatStarted(chatId, alice, bob, startedAt), sent(messageId, alice, 1))
                .when(new SendMessage(chatId, messageId, alice, "hello"))
                .expectResultMessagePayload(messageId)
                .expectNoEvents();
    }

    @Test
    void outsidersMayNotWrite() {
        fixture.given(new ChatStarted(chatId, alice, bob, startedAt))
                .when(new SendMessage(chatId, UUID.randomUUID(), UUID.randomUUID(), "let me in"))
                .expectException(CommandRejectedException.class)
                .expectExceptionDetails(Rejection.forbidden("not-a-member", "Only members may write to this chat"))
                .expectNoEvents();
    }

    @Test
    void textMustHaveOneToFourThousandCharacters() {
        fixture.given(new ChatStarted(chatId, alice, bob, startedAt))
                .when(new SendMessage(chatId, UUID.randomUUID(), alice, " "))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
        fixture.given(new ChatStarted(chatId, alice, bob, startedAt))
                .when(new SendMessage(chatId, UUID.randomUUID(), alice, "x".repeat(SendMessage.MAX_TEXT_LENGTH + 1)))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
        fixture.given(new ChatStarted(chatId, alice, bob, startedAt))
                .when(new SendMessage(chatId, UUID.randomUUID(), alice, "x".repeat(SendMessage.MAX_TEXT_LENGTH)))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void resendsAreRecognisedWithinTheWindowOfRecentMessages() {
        UUID oldest = UUID.randomUUID();
        Object[] history = new Object[Chat.RECENT_MESSAGE_IDS + 2];
        history[0] = new ChatStarted(chatId, alice, bob, startedAt);
        history[1] = sent(oldest, alice, 1);
        for (int i = 2; i < history.length; i++) {
            history[i] = sent(UUID.randomUUID(), bob, i);
        }

        fixture.given(history)
                .when(new SendMessage(chatId, oldest, alice, "hello"))
                .expectEvents(new MessageSent(chatId, oldest, alice, "hello", history.length, now()));
    }

    @Test
    void aReadMarkCountsTheCompanionsMessagesLeftAfterIt() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        fixture.given(new ChatStarted(chatId, alice, bob, startedAt), sent(first, alice, 1), sent(second, alice, 2),
                        sent(UUID.randomUUID(), alice, 3))
                .when(new MarkChatRead(chatId, bob, first, 1))
                .expectEvents(new ChatRead(chatId, bob, first, 1, 2));
        fixture.given(new ChatStarted(chatId, alice, bob, startedAt), sent(first, alice, 1), sent(second, bob, 2),
                        sent(UUID.randomUUID(), bob, 3))
                .when(new MarkChatRead(chatId, alice, second, 2))
                .expectEvents(new ChatRead(chatId, alice, second, 2, 1));
    }

    @Test
    void readMarksOnlyMoveForwardAndSendingMarksTheSendersOwnMessagesRead() {
        UUID first = UUID.randomUUID();
        UUID reply = UUID.randomUUID();
        fixture.given(new ChatStarted(chatId, alice, bob, startedAt), sent(first, alice, 1), sent(reply, bob, 2))
                .when(new MarkChatRead(chatId, bob, first, 1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(new ChatStarted(chatId, alice, bob, startedAt), sent(first, alice, 1), sent(reply, bob, 2),
                        new ChatRead(chatId, alice, reply, 2, 0))
                .when(new MarkChatRead(chatId, alice, reply, 2))
                .expectNoEvents();
    }

    @Test
    void onlyMembersMarkReadAndOnlyUpToAMessageTheChatHas() {
        UUID first = UUID.randomUUID();
        fixture.given(new ChatStarted(chatId, alice, bob, startedAt), sent(first, alice, 1))
                .when(new MarkChatRead(chatId, UUID.randomUUID(), first, 1))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
        fixture.given(new ChatStarted(chatId, alice, bob, startedAt), sent(first, alice, 1))
                .when(new MarkChatRead(chatId, bob, UUID.randomUUID(), 2))
                .expectExceptionMessage("upTo names no message of this chat");
        fixture.given(new ChatStarted(chatId, alice, bob, startedAt), sent(first, alice, 1))
                .when(new MarkChatRead(chatId, bob, first, 0))
                .expectException(CommandRejectedException.class);
    }

    private MessageSent sent(UUID messageId, UUID sender, long sequence) {
        return new MessageSent(chatId, messageId, sender, "hello", sequence, startedAt.plusSeconds(sequence));
    }

    @SuppressWarnings("unchecked")
    private void registered(UUID userId) {
        Aggregate<User> user = mock(Aggregate.class);
        when(user.identifier()).thenReturn(userId);
        doReturn(user).when(users).load(userId.toString());
    }

    private Instant now() {
        return fixture.currentTime().truncatedTo(ChronoUnit.MILLIS);
    }
}
