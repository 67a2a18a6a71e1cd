package io.policyhub.query.accounts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.policyhub.api.accounts.Statement;
import io.policyhub.api.accounts.StatementEntry;
import io.policyhub.platform.web.Caller;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/accounts/me/statement}: the caller's movements newest first, cursor-paged, as of
 * now or an earlier moment; as JSON, or as CSV for {@code Accept: text/csv} ({@link StatementCursors}).
 */
@RestController
class StatementController {

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
                        entry.occurredAt())).toList(), StatementCursors.of(statement.nextBefore()));
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
            answer.header("X-Next-Cursor", StatementCursors.of(statement.nextBefore()));
        }
        return answer.body(csv.toString());
    }

    private Statement find(Caller caller, Instant asOf, String cursor, int limit) {
        return StatementCursors.find(queryGateway, caller.userId(), asOf, cursor, limit);
    }
}
