package io.policyhub.command.identity;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.policyhub.api.common.AggregateTypes;
import io.policyhub.api.common.Rejection;
import io.policyhub.api.identity.AddDocument;
import io.policyhub.api.identity.AddRelative;
import io.policyhub.api.identity.AdministratorGranted;
import io.policyhub.api.identity.AdministratorRevoked;
import io.policyhub.api.identity.ChangePassword;
import io.policyhub.api.identity.CreateProfile;
import io.policyhub.api.identity.DocumentAdded;
import io.policyhub.api.identity.DocumentRemoved;
import io.policyhub.api.identity.EraseUser;
import io.policyhub.api.identity.GrantAdministrator;
import io.policyhub.api.identity.PasswordChanged;
import io.policyhub.api.identity.Profile;
import io.policyhub.api.identity.ProfileChanged;
import io.policyhub.api.identity.ProfileView;
import io.policyhub.api.identity.RegisterUser;
import io.policyhub.api.identity.RelativeAdded;
import io.policyhub.api.identity.RelativeRemoved;
import io.policyhub.api.identity.RemoveDocument;
import io.policyhub.api.identity.RemoveRelative;
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

/**
 * A registered user: credentials, personal details and the client's file (identity documents and
 * relatives who may drive). One stream per person, so erasure and everything it erases are ordered.
 * Its id is derived from the username.
 */
@Aggregate(type = AggregateTypes.USER, cache = "userAggregateCache", filterEventsByType = true)
public class User {

    @AggregateIdentifier
    private UUID userId;
    private String username;
    private String passwordHash;
    private Profile profile;
    private boolean administrator;
    private boolean erased;
    /** The kept documents by id, each as its type and number (what makes a document a duplicate). */
    private final Map<UUID, String> documents = new LinkedHashMap<>();
    /** The relatives by id, each as their name and birth date (what makes a relative a duplicate). */
    private final Map<UUID, String> relatives = new LinkedHashMap<>();

    static final int MAX_DOCUMENTS = 20;
    static final int MAX_RELATIVES = 10;

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
        return ProfileView.of(userId, username, changed);
    }

    @CommandHandler
    public UUID handle(AddDocument command) {
        notErased();
        String key = command.type() + ":" + command.number();
        if (documents.containsValue(key)) {
            throw new CommandRejectedException(Rejection.conflict("document-exists", "This document is already kept"));
        }
        if (documents.size() >= MAX_DOCUMENTS) {
            throw new CommandRejectedException(Rejection.conflict("too-many-documents",
                    "At most " + MAX_DOCUMENTS + " documents are kept; remove one first"));
        }
        apply(new DocumentAdded(userId, command.documentId(), command.type(), command.number(), command.issuedAt(),
                command.expiresAt()));
        return command.documentId();
    }

    @CommandHandler
    public void handle(RemoveDocument command) {
        notErased();
        if (!documents.containsKey(command.documentId())) {
            throw new CommandRejectedException(Rejection.notFound("not-found", "No such document"));
        }
        apply(new DocumentRemoved(userId, command.documentId()));
    }

    @CommandHandler
    public UUID handle(AddRelative command) {
        notErased();
        String key = command.fullName() + ":" + command.birthDate();
        if (relatives.containsValue(key)) {
            throw new CommandRejectedException(Rejection.conflict("relative-exists", "This relative is already kept"));
        }
        if (relatives.size() >= MAX_RELATIVES) {
            throw new CommandRejectedException(Rejection.conflict("too-many-relatives",
                    "At most " + MAX_RELATIVES + " relatives are kept; remove one first"));
        }
        apply(new RelativeAdded(userId, command.relativeId(), command.relation(), command.fullName(), command.birthDate(),
                command.licenseNumber(), command.licenseIssuedAt()));
        return command.relativeId();
    }

    @CommandHandler
    public void handle(RemoveRelative command) {
        notErased();
        if (!relatives.containsKey(command.relativeId())) {
            throw new CommandRejectedException(Rejection.notFound("not-found", "No such relative"));
        }
        apply(new RelativeRemoved(userId, command.relativeId()));
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
        documents.clear();
        relatives.clear();
    }

    @EventSourcingHandler
    void on(DocumentAdded event) {
        documents.put(event.documentId(), event.type() + ":" + event.number());
    }

    @EventSourcingHandler
    void on(DocumentRemoved event) {
        documents.remove(event.documentId());
    }

    @EventSourcingHandler
    void on(RelativeAdded event) {
        relatives.put(event.relativeId(), event.fullName() + ":" + event.birthDate());
    }

    @EventSourcingHandler
    void on(RelativeRemoved event) {
        relatives.remove(event.relativeId());
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
