package io.policyhub.api.chats;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Answers with the message id; a message id the chat has seen recently is not stored again. */
public record SendMessage(@TargetAggregateIdentifier UUID chatId, UUID messageId, UUID senderId, String text) {

    public static final int MAX_TEXT_LENGTH = 4000;
}
