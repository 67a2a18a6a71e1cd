package io.policyhub.projections.support;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Collects a projection's writes for the whole batch of events the processor handles in one unit
 * of work and sends them as JDBC batches just before it commits: one round trip per run of equal
 * statements instead of one per event. Statements keep their order (a row's insert stays ahead of
 * its updates), so the result is the same as writing one by one. Outside a unit of work, and in a
 * batch handled {@link EventByEvent event by event}, it writes at once.
 */
@Component
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
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        List<Statement> pending = batch.getOrComputeResource(BatchedWrites.class.getName() + "@" + System.identityHashCode(this),
                key -> {
                    List<Statement> statements = new ArrayList<>();
                    batch.onPrepareCommit(unitOfWork -> {
                        try {
                            flush(statements);
                        } catch (RuntimeException e) {
                            // which event's write failed is unknown here: the retry writes event by event
                            eventByEvent.afterFailureOfCurrentBatch();
                            throw e;
                        }
                    });
                    return statements;
                });
        pending.add(new Statement(sql, args));
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
}
