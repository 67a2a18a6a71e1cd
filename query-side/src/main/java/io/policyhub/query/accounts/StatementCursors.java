package io.policyhub.query.accounts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import io.policyhub.api.accounts.FindStatement;
import io.policyhub.api.accounts.Statement;
import io.policyhub.platform.web.ProblemException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;

/**
 * Statement pages for REST and GraphQL alike: the limit's bounds and the cursor, which is opaque to
 * clients. It names the sequence to continue below, which stays valid however many entries arrive meanwhile.
 */
public final class StatementCursors {

    public static final int MAX_LIMIT = 500;
    private static final String PREFIX = "before:";

    private StatementCursors() {
    }

    /** The page; 400 for a limit out of bounds or a cursor this service did not make, 404 without an account. */
    public static Statement find(QueryGateway queryGateway, UUID ownerId, Instant asOf, String cursor, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        return queryGateway.query(new FindStatement(ownerId, asOf, before(cursor), limit),
                        ResponseTypes.optionalInstanceOf(Statement.class)).join()
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "not-found", "The caller has no account"));
    }

    /** The cursor of the next page, null on the last one. */
    public static String of(Long before) {
        return before == null ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + before).getBytes(StandardCharsets.UTF_8));
    }

    static Long before(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith(PREFIX)) {
                long before = Long.parseLong(decoded.substring(PREFIX.length()));
                if (before >= 0) {
                    return before;
                }
            }
        } catch (IllegalArgumentException notOurs) {
            // answered below, like any other cursor this service did not make
        }
        throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-cursor", "The cursor is not one this service gave out");
    }
}
