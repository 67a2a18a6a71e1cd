package io.policyhub.command.common;

import io.policyhub.api.common.Rejection;
import org.axonframework.commandhandling.CommandExecutionException;

/**
 * Thrown by a command handler that refuses a command. It carries the {@link Rejection} as its
 * details, which Axon keeps when the handler runs in another process.
 */
public class CommandRejectedException extends CommandExecutionException {

    public CommandRejectedException(Rejection rejection) {
        super(rejection.detail(), null, rejection);
    }
}
