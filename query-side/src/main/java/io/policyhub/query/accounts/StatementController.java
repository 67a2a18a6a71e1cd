package io.policyhub.query.accounts;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.policyhub.api.accounts.FindStatement;
import io.policyhub.api.accounts.Statement;
import io.policyhub.api.accounts.StatementEntry;
import io.policyhub.platform.web.Caller;
import io.policyhub.platform.web.ProblemException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/accounts/me/statement}: the caller's movements newest first, cursor-paged, as of
 * now or an earlier moment; as JSON, or as CSV for {@code Accept: text/csv}. The cursor is opaque to
 * clients: it names the sequence to continue below, which stays valid however many entries arrive meanwhile.
 */
@RestController
class StatementController {

    static final int MAX_LIMIT = 500;
    private static final String CSV = "text/csv";

    private final QueryGateway queryGateway;

    StatementController(QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
    }

    record Page(BigDecimal balance, Instant asOf, List<Entry> entries, String nextCursor) {
    }

    record Entry(String entryId, StatementEntry.Kind kind, BigDecimal amount, BigDecimal balanceAfter, UUID orderId,
                 Instant occurredAt) {
    }

    @GetMapping(path = "/api/v1/accounts/me/statement", produces = "application/json")
    Page statement(Caller caller, @RequestParam(required = false) Instant asOf,
                   @RequestParam(required = false) String cursor, @RequestParam(defaultValue = "50") int limit) {
        Statement statement = find(caller, asOf, cursor, limit);
        return new Page(statement.balance(), statement.asOf(), statement.entries().stream()
                .map(entry -> new Entry(entry.entryId(), entry.kind(), entry.amount(), entry.balanceAfter(), entry.orderId(),
                        entry.occurredAt())).toList(), cursorOf(statement.nextBefore()));
    }

    /** The same entries as CSV; the next page's cursor, if any, in {@code X-Next-Cursor}. */
    @GetMapping(path = "/api/v1/accounts/me/statement", produces = CSV)
    ResponseEntity<String> statementAsCsv(Caller caller, @RequestParam(required = false) Instant asOf,
                                          @RequestParam(required = false) String cursor,
                                          @RequestParam(defaultValue = "50") int limit) {
        Statement statement = find(caller, asOf, cursor, limit);
        StringBuilder csv = new StringBuilder("entryId,kind,amount,balanceAfter,orderId,occurredAt\r\n");
        statement.entries().forEach(entry -> csv.append(entry.entryId()).append(',').append(entry.kind()).append(',')
                .append(entry.amount().toPlainString()).append(',').append(entry.balanceAfter().toPlainString()).append(',')
                .append(entry.orderId() == null ? "" : entry.orderId()).append(',').append(entry.occurredAt()).append("\r\n"));
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_TYPE, CSV + ";charset=UTF-8")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"statement.csv\"");
        if (statement.nextBefore() != null) {
            answer.header("X-Next-Cursor", cursorOf(statement.nextBefore()));
        }
        return answer.body(csv.toString());
    }

    private Statement find(Caller caller, Instant asOf, String cursor, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        return queryGateway.query(new FindStatement(caller.userId(), asOf, beforeOf(cursor), limit),
                        ResponseTypes.optionalInstanceOf(Statement.class)).join()
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "not-found", "The caller has no account"));
    }

    private static String cursorOf(Long before) {
        return before == null ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString(("before:" + before).getBytes(StandardCharsets.UTF_8));
    }

    private static Long beforeOf(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith("before:")) {
                long before = Long.parseLong(decoded.substring("before:".length()));
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
