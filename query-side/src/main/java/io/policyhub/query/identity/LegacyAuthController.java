package io.policyhub.query.identity;

import java.util.Map;
import java.util.UUID;

import io.policyhub.api.identity.LegacyAccounts;
import io.policyhub.platform.web.Caller;
import io.policyhub.platform.web.MaxUtf8Bytes;
import io.policyhub.platform.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The old messenger's sign-in (by email, answering only the access token, one of today's
 * short-lived ones) and its user lookup, over the same sign-in and directory as the v1 API.
 */
@RestController
class LegacyAuthController {

    private final SignIns signIns;
    private final UserDirectory directory;

    LegacyAuthController(SignIns signIns, UserDirectory directory) {
        this.signIns = signIns;
        this.directory = directory;
    }

    @PostMapping("/auth/sign-in")
    Map<String, String> signIn(@Valid @RequestBody SignIn request, HttpServletRequest http) {
        return Map.of("access_token", signIns.signIn(LegacyAccounts.usernameFor(request.email()), request.password(),
                http.getRemoteAddr(), "Unknown email or wrong password").accessToken());
    }

    @GetMapping("/auth/user")
    Map<String, UUID> user(Caller caller, @RequestParam String email) {
        return directory.lookUp(caller.userId(), null, email).map(entry -> Map.of("user_id", entry.userId()))
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Nobody has this email"));
    }

    record SignIn(@NotBlank @Email @Size(max = 254) String email, @NotBlank @MaxUtf8Bytes(72) String password) {
    }
}
