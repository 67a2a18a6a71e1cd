package io.policyhub.platform.consistency;

import io.policyhub.api.common.StaleReadModel;
import org.axonframework.queryhandling.QueryExecutionException;

/** Thrown instead of serving a row as current that has not applied the events stored before the query began. */
public class StaleReadModelException extends QueryExecutionException {

    public StaleReadModelException(String subject) {
        super("The read model of " + subject + " has not caught up with its stored events yet", null, new StaleReadModel(subject));
    }
}
