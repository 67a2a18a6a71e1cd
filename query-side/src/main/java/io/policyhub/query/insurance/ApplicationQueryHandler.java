package io.policyhub.query.insurance;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.policyhub.api.common.AggregateTypes;
import io.policyhub.api.insurance.ApplicationList;
import io.policyhub.api.insurance.ApplicationView;
import io.policyhub.api.insurance.FindApplication;
import io.policyhub.api.insurance.FindApplications;
import io.policyhub.api.insurance.FindPolicies;
import io.policyhub.api.insurance.PolicyList;
import io.policyhub.platform.consistency.ReadYourWrites;
import io.policyhub.platform.redis.RedisPubSub;
import io.policyhub.projections.insurance.ApplicationReader.Application;
import io.policyhub.projections.insurance.ApplicationReader;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Value;
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
    /** The newest applications a list shows; a customer may submit one a minute. */
    static final int LIST_LIMIT = 100;

    private final ApplicationReader reader;
    private final ReadYourWrites readYourWrites;
    private final RedisPubSub topics;
    private final Duration longPollTimeout;

    ApplicationQueryHandler(ApplicationReader reader, ReadYourWrites readYourWrites, RedisPubSub topics,
                            @Value("${policyhub.insurance.long-poll-timeout:30s}") Duration longPollTimeout) {
        this.reader = reader;
        this.readYourWrites = readYourWrites;
        this.topics = topics;
        this.longPollTimeout = longPollTimeout;
    }

    @QueryHandler
    Optional<ApplicationView> handle(FindApplication query) throws Exception {
        // an application never changes hands: someone else's is refused without waiting for its newest events
        if (reader.find(query.applicationId()).filter(row -> !row.customerId().equals(query.customerId())).isPresent()) {
            return Optional.empty();
        }
        Optional<Application> application = readYourWrites.read(AggregateTypes.INSURANCE_APPLICATION, query.applicationId().toString(),
                () -> reader.find(query.applicationId()), Application::lastSequence);
        if (application.isEmpty() || !application.get().customerId().equals(query.customerId())) {
            return Optional.empty();
        }
        if (query.changedAfter() != null && !application.get().updatedAt().isAfter(query.changedAfter())) {
            application = awaitChange(query.applicationId(), query.changedAfter());
        }
        return application.map(reader::view);
    }

    @QueryHandler
    ApplicationList handle(FindApplications query) {
        return new ApplicationList(reader.ofCustomer(query.customerId(), LIST_LIMIT));
    }

    @QueryHandler
    PolicyList handle(FindPolicies query) {
        return new PolicyList(reader.policiesOf(query.customerId()));
    }

    private Optional<Application> awaitChange(UUID applicationId, Instant since) throws Exception {
        Semaphore changed = new Semaphore(0);
        long deadline = System.nanoTime() + longPollTimeout.toNanos();
        try (AutoCloseable subscription = topics.subscribe("application:" + applicationId, message -> changed.release())) {
            Optional<Application> current = reader.find(applicationId);
            while (current.isPresent() && !current.get().updatedAt().isAfter(since)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.tryAcquire(Math.min(left, FALLBACK_POLL.toNanos()), TimeUnit.NANOSECONDS);
                current = reader.find(applicationId);
            }
            return current;
        }
    }
}
