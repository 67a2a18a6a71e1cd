package io.policyhub.api.chats;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opens the direct chat of two registered users; answers with the chat id, also when it exists already. */
public record StartChat(@TargetAggregateIdentifier UUID chatId, UUID initiatorId, UUID companionId) {
}
