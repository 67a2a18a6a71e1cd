package io.policyhub.query.identity;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.identity.DirectoryEntry;
import io.policyhub.api.identity.LookUpUser;
import io.policyhub.platform.ratelimit.InstanceRateLimiter;
import io.policyhub.platform.ratelimit.RateLimiter;
import io.policyhub.platform.web.ProblemException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The user directory: one person by exact username or email, to start a chat with. No listing, no
 * prefix search, and {@code policyhub.users.lookups-per-minute} per caller (per instance), so that it
 * does not serve to harvest who is registered.
 */
@Component
class UserDirectory {

    static final int MAX_LOOKUP_LENGTH = 254;

    private final QueryGateway queryGateway;
    private final InstanceRateLimiter rateLimiter;
    private final int lookupsPerMinute;

    UserDirectory(QueryGateway queryGateway, InstanceRateLimiter rateLimiter,
                  @Value("${policyhub.users.lookups-per-minute:30}") int lookupsPerMinute) {
        this.queryGateway = queryGateway;
        this.rateLimiter = rateLimiter;
        this.lookupsPerMinute = lookupsPerMinute;
    }

    Optional<DirectoryEntry> lookUp(UUID callerId, String username, String email) {
        String wanted = username != null ? username : email;
        if ((username == null) == (email == null) || wanted.isBlank() || wanted.length() > MAX_LOOKUP_LENGTH) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-lookup",
                    "Give exactly one of username and email, 1 to " + MAX_LOOKUP_LENGTH + " characters");
        }
        Optional<Duration> wait = rateLimiter.tryConsume("user-lookups:" + callerId, lookupsPerMinute, Duration.ofMinutes(1));
        if (wait.isPresent()) {
            long seconds = RateLimiter.retryAfterSeconds(wait.get());
            throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "too-many-lookups",
                    "At most " + lookupsPerMinute + " lookups per minute; retry in " + seconds + " s", seconds);
        }
        return queryGateway.query(new LookUpUser(username, email), ResponseTypes.optionalInstanceOf(DirectoryEntry.class)).join();
    }
}
