package io.policyhub.command.identity;

import java.util.Map;
import java.util.UUID;

import io.policyhub.api.identity.ChangePassword;
import io.policyhub.api.identity.CreateProfile;
import io.policyhub.api.identity.EraseUser;
import io.policyhub.api.identity.FindProfile;
import io.policyhub.api.identity.ProfileView;
import io.policyhub.api.identity.UpdateProfile;
import io.policyhub.platform.privacy.PersonalDataKeys;
import io.policyhub.platform.security.PasswordPolicy;
import io.policyhub.platform.security.sessions.SignInSessions;
import io.policyhub.platform.web.Caller;
import io.policyhub.platform.web.ProblemException;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Registration, password change and profile changes. Passwords are hashed here, at the edge. */
@RestController
class IdentityCommandController {

    private final CommandGateway commandGateway;
    private final PasswordEncoder passwordEncoder;
    private final QueryGateway queryGateway;
    private final PasswordPolicy passwordPolicy;
    private final SignInSessions sessions;
    private final PersonalDataKeys personalDataKeys;
    private final Registrations registrations;

    IdentityCommandController(CommandGateway commandGateway, PasswordEncoder passwordEncoder, QueryGateway queryGateway,
                              PasswordPolicy passwordPolicy, SignInSessions sessions, PersonalDataKeys personalDataKeys,
                              Registrations registrations) {
        this.sessions = sessions;
        this.personalDataKeys = personalDataKeys;
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
        this.passwordPolicy = passwordPolicy;
        this.passwordEncoder = passwordEncoder;
        this.registrations = registrations;
    }

    @PostMapping("/api/v1/auth/register")
    ResponseEntity<?> register(@Valid @RequestBody IdentityRequestBodies.Registration request) {
        UUID userId = registrations.register(request.username(), request.password(), request.profile(),
                () -> usernameTaken(request.username()));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("userId", userId));
    }

    private static ProblemException usernameTaken(String username) {
        return new ProblemException(HttpStatus.CONFLICT, "username-taken", "The username " + username + " is already registered");
    }

    /** Every other session of the user ends with the change; the one that made it goes on. */
    @PostMapping("/api/v1/auth/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(Caller caller, @Valid @RequestBody IdentityRequestBodies.PasswordChange request) {
        String username = queryGateway.query(new FindProfile(caller.userId()), ResponseTypes.optionalInstanceOf(ProfileView.class))
                .join().map(ProfileView::username).orElse(null);
        passwordPolicy.check(request.newPassword(), username);
        commandGateway.sendAndWait(new ChangePassword(caller.userId(), request.oldPassword(),
                passwordEncoder.encode(request.newPassword())));
        sessions.endAllOf(caller.userId(), "password-changed", caller.sessionId());
    }

    /**
     * Forgets the user (crypto-shredding): the event is stored, then the user's key is forgotten
     * (the users projection forgets it too, should this process stop in between) and every session
     * ends. What remains is the money history, without a name.
     */
    @PostMapping("/api/v1/profile/erasure")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void erase(Caller caller, @Valid @RequestBody IdentityRequestBodies.Erasure request) {
        commandGateway.sendAndWait(new EraseUser(caller.userId(), request.password()));
        personalDataKeys.forget(caller.userId());
        sessions.endAllOf(caller.userId(), "erased", null);
    }

    @PostMapping("/api/v1/profile")
    @ResponseStatus(HttpStatus.CREATED)
    ProfileView createProfile(Caller caller, @Valid @RequestBody IdentityRequestBodies.ProfileDetails request) {
        return commandGateway.sendAndWait(new CreateProfile(caller.userId(), request.profile()));
    }

    @PutMapping("/api/v1/profile")
    ProfileView updateProfile(Caller caller, @Valid @RequestBody IdentityRequestBodies.ProfileDetails request) {
        return commandGateway.sendAndWait(new UpdateProfile(caller.userId(), request.profile()));
    }
}
