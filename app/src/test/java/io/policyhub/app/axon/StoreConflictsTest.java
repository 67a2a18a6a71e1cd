package io.policyhub.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.policyhub.api.common.Rejection;
import io.policyhub.api.common.StoreConflict;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

class StoreConflictsTest {

    private static final String TAKEN = "[AXONIQ-2000] Invalid sequence number 0 for aggregate 3c37c530, expected 1";
    private static final String MOVED_ON = "[AXONIQ-2000] Invalid sequence number 7 for aggregate 3c37c530, expected 8";

    @Test
    void axonServerRefusingTheFirstEventIsACreationConflictWhereverItIsWrapped() {
        RuntimeException refused = new IllegalStateException("append failed",
                Status.OUT_OF_RANGE.withDescription(TAKEN).asRuntimeException());

        assertThat(StoreConflicts.conflictIn(refused)).contains(new StoreConflict(TAKEN, true));
    }

    @Test
    void axonServerRefusingALaterEventIsAConcurrentChange() {
        assertThat(StoreConflicts.conflictIn(Status.OUT_OF_RANGE.withDescription(MOVED_ON).asRuntimeException()))
                .contains(new StoreConflict(MOVED_ON, false));
    }

    @Test
    void thePostgresStoresExceptionsAreRecognisedToo() {
        assertThat(StoreConflicts.conflictIn(new AggregateStreamCreationException("exists"))).contains(new StoreConflict("exists", true));
        assertThat(StoreConflicts.conflictIn(new ConcurrencyException("moved"))).contains(new StoreConflict("moved", false));
    }

    @Test
    void otherFailuresAreNoConflicts() {
        assertThat(StoreConflicts.conflictIn(Status.UNAVAILABLE.withDescription("[AXONIQ-2000] x").asRuntimeException())).isEmpty();
        assertThat(StoreConflicts.conflictIn(Status.OUT_OF_RANGE.withDescription("[AXONIQ-9000] x").asRuntimeException())).isEmpty();
        assertThat(StoreConflicts.conflictIn(new IllegalArgumentException("bad"))).isEmpty();
    }

    @Test
    void theDispatcherGetsAxonsExceptionBackFromTheHandlersReport() {
        CommandResultMessage<?> handled = StoreConflicts.asCommandFailure(GenericCommandResultMessage.asCommandResultMessage(
                Status.OUT_OF_RANGE.withDescription(TAKEN).asRuntimeException()));

        assertThat(handled.exceptionResult()).isInstanceOf(CommandExecutionException.class);
        assertThat(StoreConflicts.asLocalException(handled.exceptionResult())).isInstanceOf(AggregateStreamCreationException.class);
        assertThat(StoreConflicts.asLocalException(new CommandExecutionException("x", null, new StoreConflict("x", false))))
                .isInstanceOf(ConcurrencyException.class);
    }

    @Test
    void aMissingAggregateReachesTheDispatcherAsAxonsNotFound() {
        CommandResultMessage<?> handled = StoreConflicts.asCommandFailure(GenericCommandResultMessage.asCommandResultMessage(
                new AggregateNotFoundException("order-1", "The aggregate was not found in the event store")));

        assertThat(handled.exceptionResult()).isInstanceOf(CommandExecutionException.class);
        assertThat(StoreConflicts.asLocalException(handled.exceptionResult())).isInstanceOf(AggregateNotFoundException.class)
                .satisfies(missing -> assertThat(((AggregateNotFoundException) missing).getAggregateIdentifier()).isEqualTo("order-1"));
    }

    @Test
    void rejectionsAndSuccessesPassUnchanged() {
        CommandExecutionException rejected = new CommandExecutionException("no", null, Rejection.conflict("insufficient-funds", "no"));
        CommandResultMessage<?> success = GenericCommandResultMessage.asCommandResultMessage("ok");

        assertThat(StoreConflicts.asLocalException(rejected)).isSameAs(rejected);
        assertThat(StoreConflicts.asCommandFailure(success)).isSameAs(success);
    }
}
