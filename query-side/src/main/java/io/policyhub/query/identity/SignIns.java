package io.policyhub.query.identity;

import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.identity.Credentials;
import io.policyhub.api.identity.FindCredentials;
import io.policyhub.platform.security.TokenIssuer;
import io.policyhub.platform.security.TokenIssuer.Tokens;
import io.policyhub.platform.web.ProblemException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** A sign-in by password, whichever API it comes through: throttled, timed alike for every refusal, a new session. */
@Component
class SignIns {

    private final QueryGateway queryGateway;
    private final PasswordEncoder passwordEncoder;
    private final TokenIssuer tokenIssuer;
    private final LoginThrottle throttle;
    /** Checked against when the username is unknown, so both refusals take the same time. */
    private final String decoyHash;

    SignIns(QueryGateway queryGateway, PasswordEncoder passwordEncoder, TokenIssuer tokenIssuer, LoginThrottle throttle) {
        this.queryGateway = queryGateway;
        this.passwordEncoder = passwordEncoder;
        this.tokenIssuer = tokenIssuer;
        this.throttle = throttle;
        this.decoyHash = passwordEncoder.encode(UUID.randomUUID().toString());
    }

    /** The attempt is counted before the password is checked (see {@link LoginThrottle}). */
    Tokens signIn(String username, String password, String remoteAddress, String refusal) {
        Credentials credentials = throttle.attempt(username, remoteAddress, () -> {
            Optional<Credentials> found = queryGateway.query(new FindCredentials(username),
                    ResponseTypes.optionalInstanceOf(Credentials.class)).join();
            // an unknown or erased user is checked against a decoy, so every refusal takes the same time
            boolean right = passwordEncoder.matches(password, found.map(Credentials::passwordHash).orElse(decoyHash));
            return found.filter(user -> right && user.passwordHash() != null);
        }).orElseThrow(() -> new ProblemException(HttpStatus.UNAUTHORIZED, "bad-credentials", refusal));
        return tokenIssuer.signIn(credentials.userId(), credentials.administrator());
    }
}
