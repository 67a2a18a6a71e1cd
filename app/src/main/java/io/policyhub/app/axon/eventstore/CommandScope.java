package io.policyhub.app.axon.eventstore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * The appends one command left for the committer, which the command bus awaits before it answers.
 * The bus creates one per command and attaches it to the command's unit of work; the engine finds it
 * there. It travels as a unit-of-work resource because Axon calls the engine from the unit of work's
 * prepare-commit phase, with no parameter to carry it. Nested commands join the outer command's scope.
 */
final class CommandScope {

    private static final String RESOURCE = CommandScope.class.getName();

    private final List<GroupCommitEventStorageEngine.Append> appends = new ArrayList<>();
    private boolean open = true;

    /** Before the handler runs, so before the unit of work hands its events to the engine. */
    void attachTo(UnitOfWork<?> unitOfWork) {
        unitOfWork.resources().put(RESOURCE, this);
    }

    /**
     * The scope of the command handled in the current unit of work or in one enclosing it: a command
     * nested in another, or in an event processor's batch, runs in a unit of work nested in theirs.
     *
     * @return null when no command bus awaits appends here, so the unit of work must wait for them itself
     */
    static CommandScope enclosing() {
        return CurrentUnitOfWork.isStarted() ? in(CurrentUnitOfWork.get()) : null;
    }

    private static CommandScope in(UnitOfWork<?> unitOfWork) {
        CommandScope scope = unitOfWork.getResource(RESOURCE);
        return scope != null ? scope : unitOfWork.parent().map(CommandScope::in).orElse(null);
    }

    /** Leaves the append to the command, whose answer waits for it. */
    void register(GroupCommitEventStorageEngine.Append append) {
        appends.add(append);
    }

    boolean isOpen() {
        return open;
    }

    /**
     * Closes the scope and waits for its appends.
     *
     * @param notStored told the aggregates of every append that failed
     * @return null when all are stored, else the first failure
     */
    RuntimeException closeAndAwait(Consumer<String> notStored) {
        open = false;
        RuntimeException failure = null;
        for (GroupCommitEventStorageEngine.Append append : appends) {
            RuntimeException outcome = append.awaitOutcome();
            if (outcome != null) {
                append.aggregates.forEach(notStored);
                if (failure == null) {
                    failure = outcome;
                }
            }
        }
        return failure;
    }
}
