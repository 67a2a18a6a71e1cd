package io.policyhub.query.insurance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.policyhub.api.insurance.ApplicationView;
import io.policyhub.api.insurance.FindApplication;
import io.policyhub.platform.consistency.ReadYourWrites;
import io.policyhub.platform.redis.Topics;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers application queries from the read model. A query with {@code changedAfter} is a long
 * poll: it returns as soon as the application changed after that time (woken by the projection's
 * Redis notification, from any instance) or after the long-poll timeout with the current state.
 * It also re-reads every second, so a lost notification or a Redis outage only adds latency.
 */
@Component
class ApplicationQueryHandler {

    private static final Duration FALLBACK_POLL = Duration.ofSeconds(1);

    private final JdbcTemplate jdbc;
    private final ReadYourWrites readYourWrites;
    private final Topics topics;
    private final Duration longPollTimeout;

    ApplicationQueryHandler(JdbcTemplate jdbc, ReadYourWrites readYourWrites, Topics topics,
                            @Value("${policyhub.insurance.long-poll-timeout:30s}") Duration longPollTimeout) {
        this.jdbc = jdbc;
        this.readYourWrites = readYourWrites;
        this.topics = topics;
        this.longPollTimeout = longPollTimeout;
    }

    @QueryHandler
    Optional<ApplicationView> handle(FindApplication query) throws Exception {
        Optional<ApplicationRow> application = readYourWrites.read(query.applicationId().toString(),
                () -> row(query.applicationId()), ApplicationRow::lastSequence);
        if (application.isEmpty() || !application.get().customerId().equals(query.customerId())) {
            return Optional.empty();
        }
        if (query.changedAfter() != null && !application.get().updatedAt().isAfter(query.changedAfter())) {
            application = awaitChange(query.applicationId(), query.changedAfter());
        }
        return application.map(row -> view(row));
    }

    private Optional<ApplicationRow> awaitChange(UUID applicationId, Instant since) throws Exception {
        Semaphore changed = new Semaphore(0);
        long deadline = System.nanoTime() + longPollTimeout.toNanos();
        try (AutoCloseable subscription = topics.subscribe("application:" + applicationId, message -> changed.release())) {
            Optional<ApplicationRow> current = row(applicationId);
            while (current.isPresent() && !current.get().updatedAt().isAfter(since)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.tryAcquire(Math.min(left, FALLBACK_POLL.toNanos()), TimeUnit.NANOSECONDS);
                current = row(applicationId);
            }
            return current;
        }
    }

    private Optional<ApplicationRow> row(UUID applicationId) {
        return jdbc.query("""
                        select application_id, customer_id, status, updated_at, last_sequence
                        from insurance_applications where application_id = ?""",
                (rs, row) -> new ApplicationRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getLong(5)),
                applicationId).stream().findFirst();
    }

    private ApplicationView view(ApplicationRow application) {
        List<ApplicationView.InsurerQuote> quotes = jdbc.query("""
                        select insurer, status, premium, attempts, error, updated_at
                        from insurance_quotes where application_id = ? order by position""",
                (rs, row) -> new ApplicationView.InsurerQuote(rs.getString(1), rs.getString(2), rs.getBigDecimal(3),
                        rs.getInt(4), rs.getString(5), rs.getTimestamp(6).toInstant()),
                application.applicationId());
        return new ApplicationView(application.applicationId(), application.status(), quotes, application.updatedAt());
    }

    private record ApplicationRow(UUID applicationId, UUID customerId, String status, Instant updatedAt, long lastSequence) {
    }
}
