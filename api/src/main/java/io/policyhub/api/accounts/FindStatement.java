package io.policyhub.api.accounts;

import java.time.Instant;
import java.util.UUID;

/**
 * Answers with a {@link Statement}: the owner's account movements newest first, at most {@code limit},
 * those before sequence {@code before} when given (the next page), as they stood at {@code asOf} when given.
 */
public record FindStatement(UUID ownerId, Instant asOf, Long before, int limit) {
}
