package io.policyhub.app.axon;

import java.util.Optional;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.policyhub.api.common.MissingAggregate;
import io.policyhub.api.common.StoreConflict;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * The one place that recognises an event-store conflict, and a missing aggregate, in both modes. The PostgreSQL store
 * reports one as {@link AggregateStreamCreationException} or {@link ConcurrencyException}; Axon
 * Server refuses the append with {@code AXONIQ-2000} ("Invalid sequence number 0 ..., expected 1"
 * when the stream exists already), which reaches the handling side as a bare gRPC status and the
 * dispatching side, in another process, as an opaque {@link CommandExecutionException}.
 *
 * <p>The handling side ({@link #asCommandFailure}) turns every such failure into a command
 * execution exception carrying a {@link StoreConflict}; the dispatching side ({@link Dispatching})
 * turns that back into Axon's own exception types, which the controllers, the onboarding and the
 * concurrency retries catch, whichever store and process the aggregate ran in. A command for an
 * aggregate that does not exist travels the same way ({@link MissingAggregate}): over Axon Server it
 * would otherwise arrive as an opaque failure (a 500 instead of a 404, a saga that cannot tell).
 */
public final class StoreConflicts {

    private static final String INVALID_SEQUENCE = "[AXONIQ-2000]";
    private static final String STREAM_EXISTS = "Invalid sequence number 0 ";

    private StoreConflicts() {
    }

    /** The failure of a handled command, with a store conflict in it made recognisable on the dispatching side. */
    static CommandResultMessage<?> asCommandFailure(CommandResultMessage<?> result) {
        if (!result.isExceptional()) {
            return result;
        }
        Optional<AggregateNotFoundException> missing = missingIn(result.exceptionResult());
        if (missing.isPresent()) {
            return GenericCommandResultMessage.asCommandResultMessage(new CommandExecutionException(missing.get().getMessage(), null,
                    new MissingAggregate(String.valueOf(missing.get().getAggregateIdentifier()), missing.get().getMessage())));
        }
        return conflictIn(result.exceptionResult())
                .<CommandResultMessage<?>>map(conflict -> GenericCommandResultMessage.asCommandResultMessage(
                        new CommandExecutionException(conflict.message(), null, conflict)))
                .orElse(result);
    }

    private static Optional<AggregateNotFoundException> missingIn(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof AggregateNotFoundException missing) {
                return Optional.of(missing);
            }
        }
        return Optional.empty();
    }

    public static Optional<StoreConflict> conflictIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AggregateStreamCreationException) {
                return Optional.of(new StoreConflict(cause.getMessage(), true));
            }
            if (cause instanceof ConcurrencyException) {
                return Optional.of(new StoreConflict(cause.getMessage(), false));
            }
            if (cause instanceof StatusRuntimeException grpc && grpc.getStatus().getCode() == Status.Code.OUT_OF_RANGE
                    && String.valueOf(grpc.getStatus().getDescription()).startsWith(INVALID_SEQUENCE)) {
                String description = grpc.getStatus().getDescription();
                return Optional.of(new StoreConflict(description, description.contains(STREAM_EXISTS)));
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    /** Axon's exception for a conflict that the handling side reported, else the failure as it came. */
    static Throwable asLocalException(Throwable failure) {
        if (failure instanceof CommandExecutionException remote) {
            Optional<MissingAggregate> missing = remote.getDetails().filter(MissingAggregate.class::isInstance).map(MissingAggregate.class::cast);
            if (missing.isPresent()) {
                return new AggregateNotFoundException(missing.get().aggregateId(), missing.get().message(), remote);
            }
            Optional<StoreConflict> conflict = remote.getDetails().filter(StoreConflict.class::isInstance).map(StoreConflict.class::cast);
            if (conflict.isPresent()) {
                return conflict.get().creation()
                        ? new AggregateStreamCreationException(conflict.get().message(), remote)
                        : new ConcurrencyException(conflict.get().message(), remote);
            }
        }
        return failure;
    }

    /** The command bus as the gateway sees it: results carry Axon's conflict exceptions in both modes. */
    static final class Dispatching implements CommandBus {

        private final CommandBus delegate;

        Dispatching(CommandBus delegate) {
            this.delegate = delegate;
        }

        @Override
        public <C> void dispatch(CommandMessage<C> command) {
            delegate.dispatch(command);
        }

        @Override
        public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
            delegate.dispatch(command, (CommandCallback<C, R>) (message, result) -> callback.onResult(message,
                    result.isExceptional()
                            ? GenericCommandResultMessage.asCommandResultMessage(asLocalException(result.exceptionResult()))
                            : result));
        }

        @Override
        public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
            return delegate.subscribe(commandName, handler);
        }

        @Override
        public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
            return delegate.registerHandlerInterceptor(interceptor);
        }

        @Override
        public Registration registerDispatchInterceptor(MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
            return delegate.registerDispatchInterceptor(interceptor);
        }
    }
}
