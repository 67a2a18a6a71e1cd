package io.policyhub.query.identity;

import java.time.Duration;
import java.util.Map;

import io.policyhub.api.identity.IsAdministrator;
import io.policyhub.platform.security.JwtKeys;
import io.policyhub.platform.security.TokenIssuer;
import io.policyhub.platform.security.TokenIssuer.Tokens;
import io.policyhub.platform.security.sessions.SignInSessions;
import io.policyhub.platform.web.Caller;
import io.policyhub.platform.web.MaxUtf8Bytes;
import io.policyhub.platform.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-in sessions: login (a query of the credentials, then a new session), refresh (the refresh
 * token rotates), logout, and the public keys that verify the access tokens.
 */
@RestController
class SessionController {

    private final QueryGateway queryGateway;
    private final TokenIssuer tokenIssuer;
    private final SignInSessions sessions;
    private final SignIns signIns;
    private final Map<String, Object> publicKeys;

    SessionController(QueryGateway queryGateway, TokenIssuer tokenIssuer, SignInSessions sessions, SignIns signIns, JwtKeys keys) {
        this.queryGateway = queryGateway;
        this.tokenIssuer = tokenIssuer;
        this.sessions = sessions;
        this.signIns = signIns;
        this.publicKeys = keys.publicKeys().toJSONObject(true);
    }

    @PostMapping("/api/v1/auth/login")
    Tokens login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        return signIns.signIn(request.username(), request.password(), http.getRemoteAddr(), "Unknown username or wrong password");
    }

    /** A spent refresh token presented again ends its whole session (it was copied). */
    @PostMapping("/api/v1/auth/refresh")
    Tokens refresh(@Valid @RequestBody RefreshRequest request) {
        return tokenIssuer.refresh(request.refreshToken(),
                        userId -> queryGateway.query(new IsAdministrator(userId), Boolean.class).join())
                .orElseThrow(() -> new ProblemException(HttpStatus.UNAUTHORIZED, "invalid-refresh-token",
                        "The refresh token is spent, expired or revoked; sign in again"));
    }

    /** Ends the caller's session: its access tokens are refused from now on, its refresh token too. */
    @PostMapping("/api/v1/auth/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(Caller caller) {
        sessions.end(caller.sessionId(), "logout");
    }

    @GetMapping("/.well-known/jwks.json")
    ResponseEntity<Map<String, Object>> publicKeys() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5))).body(publicKeys);
    }

    /** No stored password is longer than bcrypt's 72 bytes, so a longer one is refused before hashing. */
    record LoginRequest(@NotBlank @Size(max = 64) String username, @NotBlank @MaxUtf8Bytes(72) String password) {
    }

    record RefreshRequest(@NotBlank @Size(max = 64) String refreshToken) {
    }
}
