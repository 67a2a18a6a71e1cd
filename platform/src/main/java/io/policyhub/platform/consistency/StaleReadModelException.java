package io.policyhub.platform.consistency;

import io.policyhub.api.common.StaleReadModel;
import org.axonframework.queryhandling.QueryExecutionException;

/** Thrown instead of serving a row as current that has not applied the events stored before the query began. */
public class StaleReadModelException extends QueryExecutionException {

    private StaleReadModelException(String message, StaleReadModel details) {
        super(message, null, details);
    }

    /** The row has not caught up within the read-your-writes wait. */
    public static StaleReadModelException behind(String subject) {
        return new StaleReadModelException("The read model of " + subject + " has not caught up with its stored events yet",
                new StaleReadModel(subject, false));
    }

    /** The row is held back by a parked event of its aggregate: it cannot catch up until that is retried or evicted. */
    public static StaleReadModelException parked(String subject) {
        return new StaleReadModelException("An event of " + subject + " is parked in the dead-letter queue",
                new StaleReadModel(subject, true));
    }
}
