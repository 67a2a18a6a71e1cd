package io.policyhub.app.axon;

import java.util.List;

import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.MessageHandler;

/**
 * Axon's simple command bus, answering a command only once the events it produced are durably
 * stored: the unit of work queues them and returns (see {@link GroupCommitEventStorageEngine}). When
 * they could not be stored, the command fails with the store's exception and its aggregates leave
 * the cache: their cached state is ahead of the store. Conflicts with the store are reported as
 * {@link StoreConflicts} describes.
 */
final class PipelinedCommandBus extends SimpleCommandBus {

    private final List<Cache> aggregateCaches;

    PipelinedCommandBus(Builder builder, List<Cache> aggregateCaches) {
        super(builder);
        this.aggregateCaches = aggregateCaches;
    }

    @Override
    protected <C, R> void handle(CommandMessage<C> command, MessageHandler<? super CommandMessage<?>> handler,
                                 CommandCallback<? super C, ? super R> dispatcher) {
        CommandCallback<C, R> callback = (message, result) -> dispatcher.onResult(message, conflictsRecognised(result));
        CommandScope scope = CommandScope.open();
        if (scope == null) {
            // a command sent while handling another: the outer one waits for both
            super.handle(command, handler, callback);
            return;
        }
        CommandCallback<C, R> answerWhenStored = (message, result) -> {
            RuntimeException notStored = closeAndAwait(scope);
            if (notStored == null || result.isExceptional()) {
                callback.onResult(message, result);
            } else {
                callback.onResult(message, GenericCommandResultMessage.asCommandResultMessage(notStored));
            }
        };
        try {
            super.handle(command, handler, answerWhenStored);
        } finally {
            if (scope.isOpen()) {
                closeAndAwait(scope);
            }
        }
    }

    /** A store conflict travels to the dispatcher, in this process or behind Axon Server, as one recognisable failure. */
    @SuppressWarnings("unchecked")
    private static <R> CommandResultMessage<? extends R> conflictsRecognised(CommandResultMessage<? extends R> result) {
        return (CommandResultMessage<? extends R>) StoreConflicts.asCommandFailure(result);
    }

    private RuntimeException closeAndAwait(CommandScope scope) {
        return scope.closeAndAwait(aggregate -> aggregateCaches.forEach(cache -> cache.remove(aggregate)));
    }
}
