package io.policyhub.api.chats;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A member has read the chat up to a message ({@code upTo}, at {@code upToSequence} in the chat). A
 * mark at or before the member's current one changes nothing: read marks only move forward.
 */
public record MarkChatRead(@TargetAggregateIdentifier UUID chatId, UUID readerId, UUID upTo, long upToSequence) {
}
