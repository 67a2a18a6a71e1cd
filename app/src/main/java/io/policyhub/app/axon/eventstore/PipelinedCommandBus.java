package io.policyhub.app.axon.eventstore;

import java.util.List;
import java.util.function.UnaryOperator;

import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Axon's simple command bus, answering a command only once the events it produced are durably
 * stored: the unit of work queues them and returns (see {@link GroupCommitEventStorageEngine}). When
 * they could not be stored, the command fails with the store's exception and its aggregates leave
 * the cache: their cached state is ahead of the store.
 */
public final class PipelinedCommandBus extends SimpleCommandBus {

    private final List<Cache> aggregateCaches;
    private final UnaryOperator<CommandResultMessage<?>> answers;

    /**
     * @param aggregateCaches every aggregate cache, each keyed by aggregate identifier
     * @param answers         applied to every answer, including a failure to store (e.g. to report store conflicts)
     */
    public PipelinedCommandBus(Builder builder, List<Cache> aggregateCaches, UnaryOperator<CommandResultMessage<?>> answers) {
        super(builder);
        this.aggregateCaches = aggregateCaches;
        this.answers = answers;
    }

    @Override
    protected <C, R> void handle(CommandMessage<C> command, MessageHandler<? super CommandMessage<?>> handler,
                                 CommandCallback<? super C, ? super R> dispatcher) {
        CommandCallback<C, R> callback = (message, result) -> dispatcher.onResult(message, answer(result));
        if (CommandScope.enclosing() != null) {
            // a command sent while handling another: the outer one waits for both
            super.handle(command, handler, callback);
            return;
        }
        CommandScope scope = new CommandScope();
        // the unit of work exists only inside super.handle: the scope joins it as the handler starts
        MessageHandler<CommandMessage<?>> inScope = message -> {
            scope.attachTo(CurrentUnitOfWork.get());
            return handler.handle(message);
        };
        CommandCallback<C, R> answerWhenStored = (message, result) -> {
            RuntimeException notStored = closeAndAwait(scope);
            if (notStored == null || result.isExceptional()) {
                callback.onResult(message, result);
            } else {
                callback.onResult(message, GenericCommandResultMessage.asCommandResultMessage(notStored));
            }
        };
        try {
            super.handle(command, inScope, answerWhenStored);
        } finally {
            if (scope.isOpen()) {
                closeAndAwait(scope);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <R> CommandResultMessage<? extends R> answer(CommandResultMessage<? extends R> result) {
        return (CommandResultMessage<? extends R>) answers.apply(result);
    }

    private RuntimeException closeAndAwait(CommandScope scope) {
        return scope.closeAndAwait(aggregate -> aggregateCaches.forEach(cache -> cache.remove(aggregate)));
    }
}
