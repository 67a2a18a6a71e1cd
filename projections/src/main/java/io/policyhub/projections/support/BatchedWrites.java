package io.policyhub.projections.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Collects a projection's writes for the whole batch of events the processor handles in one unit
 * of work and sends them as JDBC batches just before it commits: one round trip per run of equal
 * statements instead of one per event. Statements keep their order (a row's insert stays ahead of
 * its updates), so the result is the same as writing one by one. Outside a unit of work, and in a
 * batch handled {@link EventByEvent event by event}, it writes at once.
 *
 * <p>Each projection gets an instance of its own and its own runs: the balances and the statements
 * share the {@code accounts} processor, and in one queue their writes alternated event by event, so
 * every run held one statement and every write was a round trip of its own. A projection's writes
 * keep their order; projections never depend on each other's writes within a batch (each owns its
 * tables).
 */
@Component
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public class BatchedWrites {

    private final JdbcTemplate jdbc;
    private final EventByEvent eventByEvent;

    public BatchedWrites(JdbcTemplate jdbc, EventByEvent eventByEvent) {
        this.jdbc = jdbc;
        this.eventByEvent = eventByEvent;
    }

    public void update(String sql, Object... args) {
        if (!CurrentUnitOfWork.isStarted() || eventByEvent.active()) {
            jdbc.update(sql, args);
            return;
        }
        pending().statements().add(new Statement(sql, args));
    }

    /**
     * Adds {@code amount} to a counter: {@code sql} takes the key, then the amount, and must add it
     * (an upsert such as {@code on conflict do update set n = n + excluded.n}). The adds of one key in
     * a batch become one statement with their sum, so a counter that every event touches costs one
     * row write per batch and does not break the runs of equal statements around it.
     */
    public void add(String sql, Object key, long amount) {
        if (!CurrentUnitOfWork.isStarted() || eventByEvent.active()) {
            jdbc.update(sql, key, amount);
            return;
        }
        Pending pending = pending();
        Object[] counter = pending.counters().get(List.of(sql, key));
        if (counter != null) {
            counter[1] = (Long) counter[1] + amount;
            return;
        }
        counter = new Object[] {key, amount};
        pending.counters().put(List.of(sql, key), counter);
        pending.statements().add(new Statement(sql, counter));
    }

    private Pending pending() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(BatchedWrites.class.getName() + "@" + System.identityHashCode(this), key -> {
            Pending pending = new Pending(new ArrayList<>(), new HashMap<>());
            batch.onPrepareCommit(unitOfWork -> {
                try {
                    flush(pending.statements());
                } catch (RuntimeException e) {
                    // which event's write failed is unknown here: the retry writes event by event
                    eventByEvent.afterFailureOfCurrentBatch();
                    throw e;
                }
            });
            return pending;
        });
    }

    private void flush(List<Statement> statements) {
        int start = 0;
        while (start < statements.size()) {
            String sql = statements.get(start).sql();
            int end = start;
            List<Object[]> args = new ArrayList<>();
            while (end < statements.size() && statements.get(end).sql().equals(sql)) {
                args.add(statements.get(end).args());
                end++;
            }
            jdbc.batchUpdate(sql, args);
            start = end;
        }
        statements.clear();
    }

    private record Statement(String sql, Object[] args) {
    }

    /** The batch's statements in order, and the counters among them by statement and key. */
    private record Pending(List<Statement> statements, Map<List<Object>, Object[]> counters) {
    }
}
