package io.policyhub.app.axon.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

/**
 * The hand-off between the command bus and the engine, without a database: the engine's side is
 * played by registering an append in the scope it finds at prepare commit, as the engine does.
 */
class PipelinedCommandBusTest {

    private final Cache cache = new WeakReferenceCache();
    private final Object cached = new Object();
    private final PipelinedCommandBus bus = new PipelinedCommandBus(SimpleCommandBus.builder(), List.of(cache),
            result -> result.isExceptional()
                    ? GenericCommandResultMessage.asCommandResultMessage(new IllegalStateException("answered", result.exceptionResult()))
                    : result);
    private final CountDownLatch unitOfWorkOver = new CountDownLatch(1);

    @Test
    void aCommandIsAnsweredOnlyOnceItsAppendIsStored() throws Exception {
        GroupCommitEventStorageEngine.Append append = append("account-1");
        bus.subscribe("deposit", message -> appendsAtPrepareCommit(append));

        CompletableFuture<CommandResultMessage<?>> answer = dispatchOnItsOwnThread("deposit");
        assertThat(unitOfWorkOver.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(answer).as("the unit of work is over, the append is not").isNotDone();

        append.succeed();
        assertThat(answer.get(5, TimeUnit.SECONDS).isExceptional()).isFalse();
    }

    @Test
    void aCommandWhoseAppendFailedFailsWithTheStoresExceptionAndItsAggregateLeavesTheCache() throws Exception {
        GroupCommitEventStorageEngine.Append append = append("account-1");
        cache.put("account-1", cached);
        cache.put("account-2", cached);
        bus.subscribe("deposit", message -> appendsAtPrepareCommit(append));

        CompletableFuture<CommandResultMessage<?>> answer = dispatchOnItsOwnThread("deposit");
        append.fail(new ConcurrencyException("lost the race"));

        assertThat(answer.get(5, TimeUnit.SECONDS).exceptionResult())
                .as("through the bus's answers").hasMessage("answered").cause().isInstanceOf(ConcurrencyException.class);
        assertThat(cache.containsKey("account-1")).isFalse();
        assertThat(cache.containsKey("account-2")).isTrue();
    }

    @Test
    void aCommandSentWhileHandlingAnotherJoinsItsScope() throws Exception {
        GroupCommitEventStorageEngine.Append append = append("account-1");
        CompletableFuture<CommandResultMessage<?>> inner = new CompletableFuture<>();
        bus.subscribe("inner", message -> appendsAtPrepareCommit(append));
        bus.subscribe("outer", message -> {
            bus.dispatch(command("inner"), (CommandCallback<Object, Object>) (command, result) -> inner.complete(result));
            return null;
        });

        CompletableFuture<CommandResultMessage<?>> outer = dispatchOnItsOwnThread("outer");
        assertThat(inner.get(5, TimeUnit.SECONDS).isExceptional()).isFalse();
        assertThat(outer).as("the outer command waits for the inner one's append").isNotDone();

        append.succeed();
        assertThat(outer.get(5, TimeUnit.SECONDS).isExceptional()).isFalse();
    }

    @Test
    void aUnitOfWorkOutsideACommandHasNoScope() {
        assertThat(CommandScope.enclosing()).isNull();
        DefaultUnitOfWork.startAndGet(null).execute(() -> assertThat(CommandScope.enclosing()).isNull());
    }

    /** Registers the append in the scope the engine would find, at the point the engine is called. */
    private Object appendsAtPrepareCommit(GroupCommitEventStorageEngine.Append append) {
        CurrentUnitOfWork.get().onPrepareCommit(unitOfWork -> {
            CommandScope scope = CommandScope.enclosing();
            assertThat(scope).isNotNull();
            scope.register(append);
        });
        CurrentUnitOfWork.get().root().onCleanup(unitOfWork -> unitOfWorkOver.countDown());
        return null;
    }

    private CompletableFuture<CommandResultMessage<?>> dispatchOnItsOwnThread(String commandName) {
        CompletableFuture<CommandResultMessage<?>> answer = new CompletableFuture<>();
        Thread dispatcher = new Thread(() -> bus.dispatch(command(commandName),
                (CommandCallback<Object, Object>) (command, result) -> answer.complete(result)));
        dispatcher.setDaemon(true);
        dispatcher.start();
        return answer;
    }

    private static GenericCommandMessage<String> command(String name) {
        return new GenericCommandMessage<>(new GenericMessage<>("payload"), name);
    }

    private static GroupCommitEventStorageEngine.Append append(String aggregate) {
        return new GroupCommitEventStorageEngine.Append(
                List.of(new GenericDomainEventMessage<>("Account", aggregate, 3, "deposited")), null, true);
    }
}
