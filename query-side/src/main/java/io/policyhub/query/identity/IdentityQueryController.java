package io.policyhub.query.identity;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.identity.Credentials;
import io.policyhub.api.identity.FindCredentials;
import io.policyhub.api.identity.FindProfile;
import io.policyhub.api.identity.ProfileView;
import io.policyhub.platform.ratelimit.RateLimiter;
import io.policyhub.platform.security.TokenIssuer;
import io.policyhub.platform.web.Caller;
import io.policyhub.platform.web.MaxUtf8Bytes;
import io.policyhub.platform.web.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Login (a query of the credentials plus a signed token) and profile reads. */
@RestController
class IdentityQueryController {

    private final QueryGateway queryGateway;
    private final PasswordEncoder passwordEncoder;
    private final TokenIssuer tokenIssuer;
    private final LoginThrottle throttle;
    /** Checked against when the username is unknown, so both refusals take the same time. */
    private final String decoyHash;

    IdentityQueryController(QueryGateway queryGateway, PasswordEncoder passwordEncoder, TokenIssuer tokenIssuer,
                            LoginThrottle throttle) {
        this.queryGateway = queryGateway;
        this.passwordEncoder = passwordEncoder;
        this.tokenIssuer = tokenIssuer;
        this.throttle = throttle;
        this.decoyHash = passwordEncoder.encode(UUID.randomUUID().toString());
    }

    @PostMapping("/api/v1/auth/login")
    ResponseEntity<?> login(@Valid @RequestBody LoginRequest request) {
        Optional<Duration> wait = throttle.waitBefore(request.username());
        if (wait.isPresent()) {
            long seconds = RateLimiter.retryAfterSeconds(wait.get());
            throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "too-many-login-failures",
                    "Too many failed logins for this username; retry in " + seconds + " s", seconds);
        }
        Optional<Credentials> credentials = queryGateway.query(new FindCredentials(request.username()),
                ResponseTypes.optionalInstanceOf(Credentials.class)).join();
        String hash = credentials.map(Credentials::passwordHash).orElse(decoyHash);
        if (!passwordEncoder.matches(request.password(), hash) || credentials.isEmpty()) {
            throttle.recordFailure(request.username());
            throw new ProblemException(HttpStatus.UNAUTHORIZED, "bad-credentials", "Unknown username or wrong password");
        }
        return ResponseEntity.ok(tokenIssuer.issue(credentials.get().userId(), credentials.get().administrator()));
    }

    @GetMapping("/api/v1/profile")
    ProfileView myProfile(Caller caller) {
        return profileOf(caller.userId());
    }

    /** Only the caller's own profile is readable; any other id is refused without telling whether it exists. */
    @GetMapping("/api/v1/users/{userId}/profile")
    ProfileView profile(Caller caller, @PathVariable UUID userId) {
        if (!caller.userId().equals(userId)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Profiles are visible to their owner only");
        }
        return profileOf(userId);
    }

    private ProfileView profileOf(UUID userId) {
        return queryGateway.query(new FindProfile(userId), ResponseTypes.optionalInstanceOf(ProfileView.class)).join()
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "not-found", "No such user"));
    }

    /** No stored password is longer than bcrypt's 72 bytes, so a longer one is refused before hashing. */
    record LoginRequest(@NotBlank @Size(max = 64) String username, @NotBlank @MaxUtf8Bytes(72) String password) {
    }
}
