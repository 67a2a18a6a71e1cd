package io.policyhub.command.common;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an endpoint reads after its command's events are stored. The command has happened, so the
 * answer must say so even when the read model cannot show its outcome yet (behind, held back by a
 * parked event, the query side unreachable): a 5xx would make the client retry something that
 * already took effect. The fallback answers with what the command itself knows.
 */
public final class AfterStoredCommand {

    private static final Logger log = LoggerFactory.getLogger(AfterStoredCommand.class);

    private AfterStoredCommand() {
    }

    public static <T> T readOr(Supplier<T> read, Supplier<T> whatTheCommandKnows) {
        try {
            return read.get();
        } catch (RuntimeException unreadable) {
            log.warn("The command is stored but its outcome cannot be read yet; answering with what the command knows", unreadable);
            return whatTheCommandKnows.get();
        }
    }
}
