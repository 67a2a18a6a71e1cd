package io.policyhub.query.accounts;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.accounts.AccountIds;
import io.policyhub.api.accounts.FindStatement;
import io.policyhub.api.accounts.Statement;
import io.policyhub.api.accounts.StatementEntry;
import io.policyhub.projections.accounts.StatementReader;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Answers statements from the {@code account_statement} read model when it has applied every stored
 * event of the account, and otherwise (the projection behind, rebuilding in a replay, held by a parked
 * event, an account opened before the statements existed) from the account's events in the event store, through the same mapping. So a statement, as of
 * now or any earlier moment, is never stale and never waits: the read model is the fast path, the
 * events the truth it is checked against.
 */
@Component
class StatementQueryHandler {

    private static final Logger log = LoggerFactory.getLogger(StatementQueryHandler.class);

    private final EventStore eventStore;
    private final StatementReader statements;

    StatementQueryHandler(EventStore eventStore, StatementReader statements) {
        this.eventStore = eventStore;
        this.statements = statements;
    }

    /** Empty when the owner has no account. */
    @QueryHandler
    Optional<Statement> handle(FindStatement query) {
        UUID accountId = AccountIds.forOwner(query.ownerId());
        Optional<Long> stored = eventStore.lastSequenceNumberFor(accountId.toString());
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        // at the read model's precision, so both answers draw the line at the same movement
        Instant asOf = (query.asOf() != null ? query.asOf() : Instant.now()).truncatedTo(ChronoUnit.MICROS);
        long before = query.before() != null ? query.before() : Long.MAX_VALUE;
        boolean current = statements.applied(accountId).filter(applied -> applied >= stored.get()).isPresent();
        if (current) {
            List<StatementEntry> entries = statements.entries(accountId, asOf, stored.get(), before, query.limit() + 1);
            return Optional.of(page(statements.balance(accountId, asOf, stored.get()), asOf, entries, query.limit()));
        }
        log.debug("The statement of {} is answered from the event store: its read model is behind", accountId);
        return Optional.of(fromEvents(accountId, asOf, before, query.limit()));
    }

    private Statement fromEvents(UUID accountId, Instant asOf, long before, int limit) {
        List<StatementEntry> movements = new ArrayList<>();
        eventStore.readEvents(accountId.toString(), 0).asStream()
                .map(StatementQueryHandler::entryOf)
                .flatMap(Optional::stream)
                .filter(entry -> !entry.occurredAt().isAfter(asOf))
                .forEach(movements::add);
        BigDecimal balance = movements.isEmpty() ? BigDecimal.ZERO.setScale(2) : movements.get(movements.size() - 1).balanceAfter();
        Collections.reverse(movements);
        List<StatementEntry> newestFirst = movements.stream()
                .filter(entry -> entry.sequence() < before).limit(limit + 1L).toList();
        return page(balance, asOf, newestFirst, limit);
    }

    private static Optional<StatementEntry> entryOf(DomainEventMessage<?> event) {
        return StatementEntry.of(event.getIdentifier(), event.getSequenceNumber(), event.getPayload(), event.getTimestamp());
    }

    /** {@code entries} holds one more than a page when there is a next page. */
    private static Statement page(BigDecimal balance, Instant asOf, List<StatementEntry> entries, int limit) {
        boolean more = entries.size() > limit;
        List<StatementEntry> page = more ? entries.subList(0, limit) : entries;
        return new Statement(balance, asOf, List.copyOf(page), more ? page.get(limit - 1).sequence() : null);
    }
}
