package io.policyhub.platform.consistency;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether an aggregate has an event in the dead-letter queue of any projection (the table of
 * {@code app/axon/DeadLettering}, shared by every instance and role). A row behind such an event
 * cannot catch up until an operator retries or evicts it, so a read says so at once instead of
 * waiting for it. Asked only when a row is behind, never on the common path.
 */
@Component
public class ParkedEvents {

    private final JdbcTemplate jdbc;

    public ParkedEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean holdBack(String aggregateId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from dead_letter_entry where aggregate_identifier = ?)", Boolean.class, aggregateId));
    }
}
