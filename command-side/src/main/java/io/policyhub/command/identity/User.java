package io.policyhub.command.identity;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.UUID;

import io.policyhub.api.common.AggregateTypes;
import io.policyhub.api.common.Rejection;
import io.policyhub.api.identity.AdministratorGranted;
import io.policyhub.api.identity.AdministratorRevoked;
import io.policyhub.api.identity.ChangePassword;
import io.policyhub.api.identity.CreateProfile;
import io.policyhub.api.identity.EraseUser;
import io.policyhub.api.identity.GrantAdministrator;
import io.policyhub.api.identity.PasswordChanged;
import io.policyhub.api.identity.Profile;
import io.policyhub.api.identity.ProfileChanged;
import io.policyhub.api.identity.ProfileView;
import io.policyhub.api.identity.RegisterUser;
import io.policyhub.api.identity.RevokeAdministrator;
import io.policyhub.api.identity.UpdateProfile;
import io.policyhub.api.identity.UserErased;
import io.policyhub.api.identity.UserRegistered;
import io.policyhub.command.common.CommandRejectedException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.security.crypto.password.PasswordEncoder;

/** A registered user: credentials and personal details. Its id is derived from the username. */
@Aggregate(type = AggregateTypes.USER, cache = "userAggregateCache", filterEventsByType = true)
public class User {

    @AggregateIdentifier
    private UUID userId;
    private String username;
    private String passwordHash;
    private Profile profile;
    private boolean administrator;
    private boolean erased;

    protected User() {
        // for event sourcing
    }

    @CommandHandler
    public User(RegisterUser command) {
        apply(new UserRegistered(command.userId(), command.username(), command.passwordHash(), command.profile()));
    }

    /** The password encoder is injected by Axon: the aggregate checks the current password itself. */
    @CommandHandler
    public void handle(ChangePassword command, PasswordEncoder passwordEncoder) {
        checkPassword(command.currentPassword(), passwordEncoder, "The old password is wrong");
        apply(new PasswordChanged(userId, command.newPasswordHash()));
    }

    /** Erasing twice changes nothing; an erased user has no password left to check. */
    @CommandHandler
    public void handle(EraseUser command, PasswordEncoder passwordEncoder) {
        if (erased) {
            return;
        }
        checkPassword(command.currentPassword(), passwordEncoder, "The password is wrong");
        apply(new UserErased(userId));
    }

    private void checkPassword(String password, PasswordEncoder passwordEncoder, String refusal) {
        notErased();
        if (password == null || passwordHash == null || !passwordEncoder.matches(password, passwordHash)) {
            throw new CommandRejectedException(Rejection.forbidden("wrong-password", refusal));
        }
    }

    private void notErased() {
        if (erased) {
            throw new CommandRejectedException(Rejection.conflict("user-erased", "This user was erased"));
        }
    }

    /** Granting twice changes nothing: the first grant's event stays the one record of it. */
    @CommandHandler
    public void handle(GrantAdministrator command) {
        if (!administrator) {
            apply(new AdministratorGranted(userId, command.grantedBy()));
        }
    }

    @CommandHandler
    public void handle(RevokeAdministrator command) {
        if (userId.toString().equals(command.revokedBy())) {
            throw new CommandRejectedException(Rejection.conflict("cannot-revoke-self",
                    "Administrators cannot revoke themselves; another administrator can"));
        }
        if (administrator) {
            apply(new AdministratorRevoked(userId, command.revokedBy()));
        }
    }

    @CommandHandler
    public ProfileView handle(CreateProfile command) {
        notErased();
        if (profile.hasPersonalDetails()) {
            throw new CommandRejectedException(Rejection.conflict("profile-exists",
                    "The profile was already filled in; change it with PUT"));
        }
        return changeProfile(profile.with(command.details()));
    }

    @CommandHandler
    public ProfileView handle(UpdateProfile command) {
        notErased();
        return changeProfile(profile.with(command.changes()));
    }

    private ProfileView changeProfile(Profile changed) {
        apply(new ProfileChanged(userId, changed));
        return new ProfileView(userId, username, changed.email(), changed.firstName(), changed.lastName(), changed.phone());
    }

    @EventSourcingHandler
    void on(UserRegistered event) {
        userId = event.userId();
        username = event.username();
        passwordHash = event.passwordHash();
        profile = event.profile();
    }

    @EventSourcingHandler
    void on(PasswordChanged event) {
        passwordHash = event.passwordHash();
    }

    @EventSourcingHandler
    void on(UserErased event) {
        erased = true;
        passwordHash = null;
        profile = new Profile(null, null, null, null);
        administrator = false;
    }

    @EventSourcingHandler
    void on(AdministratorGranted event) {
        administrator = true;
    }

    @EventSourcingHandler
    void on(AdministratorRevoked event) {
        administrator = false;
    }

    @EventSourcingHandler
    void on(ProfileChanged event) {
        profile = event.profile();
    }
}
