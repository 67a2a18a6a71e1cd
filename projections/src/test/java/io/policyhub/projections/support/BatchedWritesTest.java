package io.policyhub.projections.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

class BatchedWritesTest {

    private final JdbcTemplate jdbc = mock(JdbcTemplate.class);
    private final BatchedWrites writes = new BatchedWrites(jdbc, new EventByEvent());

    @Test
    void equalStatementsInARowGoAsOneBatchInTheirOrder() {
        inBatch(() -> {
            writes.update("insert a", 1);
            writes.update("update b", 2);
            writes.update("update b", 3);
            writes.update("insert a", 4);
        });

        List<Batch> batches = batches();
        assertThat(batches).extracting(Batch::sql).containsExactly("insert a", "update b", "insert a");
        assertThat(batches.get(1).args()).containsExactly(new Object[] {2}, new Object[] {3});
    }

    @Test
    void projectionsInOneProcessorEachKeepTheirOwnRuns() {
        BatchedWrites statements = new BatchedWrites(jdbc, new EventByEvent());
        inBatch(() -> {
            for (int event = 1; event <= 3; event++) {
                writes.update("update account_balance", event);
                statements.update("insert into account_statement", event);
            }
        });

        List<Batch> batches = batches();
        assertThat(batches).extracting(Batch::sql).containsExactly("update account_balance", "insert into account_statement");
        assertThat(batches).allSatisfy(batch -> assertThat(batch.args()).hasSize(3));
    }

    @Test
    void everyProjectionIsGivenAnInstanceOfItsOwn() {
        try (var context = new AnnotationConfigApplicationContext()) {
            context.registerBean(JdbcTemplate.class, () -> jdbc);
            context.registerBean(EventByEvent.class);
            context.register(BatchedWrites.class);
            context.refresh();

            assertThat(context.getBean(BatchedWrites.class)).isNotSameAs(context.getBean(BatchedWrites.class));
        }
    }

    @Test
    void theAddsOfOneCounterInABatchAreOneStatementWithTheirSumWhereTheFirstWas() {
        inBatch(() -> {
            writes.update("update chat", "c1");
            writes.add("count", "2026-12-01", 1);
            writes.update("update chat", "c2");
            writes.add("count", "2026-12-01", 1);
            writes.update("update chat", "c3");
            writes.add("count", "2026-12-01", 1);
            writes.add("count", "2026-12-02", 5);
        });

        List<Batch> batches = batches();
        assertThat(batches).extracting(Batch::sql).containsExactly("update chat", "count", "update chat", "count");
        assertThat(batches.get(1).args()).containsExactly(new Object[] {"2026-12-01", 3L});
        assertThat(batches.get(2).args()).as("the counter no longer splits the run").containsExactly(new Object[] {"c2"}, new Object[] {"c3"});
        assertThat(batches.get(3).args()).containsExactly(new Object[] {"2026-12-02", 5L});
    }

    private record Batch(String sql, List<Object[]> args) {
    }

    @SuppressWarnings("unchecked")
    private List<Batch> batches() {
        ArgumentCaptor<String> sql = ArgumentCaptor.forClass(String.class);
        ArgumentCaptor<List<Object[]>> args = ArgumentCaptor.forClass(List.class);
        verify(jdbc, atLeastOnce()).batchUpdate(sql.capture(), args.capture());
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < sql.getAllValues().size(); i++) {
            batches.add(new Batch(sql.getAllValues().get(i), args.getAllValues().get(i)));
        }
        return batches;
    }

    @Test
    void outsideABatchEveryWriteGoesAtOnce() {
        writes.add("count", "2026-12-01", 2);
        writes.update("update chat", "c1");

        verify(jdbc).update("count", "2026-12-01", 2L);
        verify(jdbc).update("update chat", "c1");
        verify(jdbc, never()).batchUpdate(anyString(), anyList());
    }

    private static void inBatch(Runnable handling) {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
        handling.run();
        batch.commit();
    }
}
