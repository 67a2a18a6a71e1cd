package io.policyhub.api.chats;

import java.util.List;
import java.util.UUID;

/**
 * Answers with {@link LatestMessages}: the newest {@code limit} messages of each of the chats, those
 * the user is a member of (others are left out). One query for many chats: the GraphQL chat list
 * loads its messages in one batch.
 */
public record FindLatestMessages(UUID userId, List<UUID> chatIds, int limit) {
}
