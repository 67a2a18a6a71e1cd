package io.policyhub.command.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.policyhub.api.common.Rejection;
import io.policyhub.api.identity.AddDocument;
import io.policyhub.api.identity.AddRelative;
import io.policyhub.api.identity.AdministratorGranted;
import io.policyhub.api.identity.AdministratorRevoked;
import io.policyhub.api.identity.ChangePassword;
import io.policyhub.api.identity.CreateProfile;
import io.policyhub.api.identity.DocumentAdded;
import io.policyhub.api.identity.DocumentRemoved;
import io.policyhub.api.identity.DocumentType;
import io.policyhub.api.identity.EraseUser;
import io.policyhub.api.identity.GrantAdministrator;
import io.policyhub.api.identity.PasswordChanged;
import io.policyhub.api.identity.Profile;
import io.policyhub.api.identity.ProfileChanged;
import io.policyhub.api.identity.ProfileView;
import io.policyhub.api.identity.RegisterUser;
import io.policyhub.api.identity.Relation;
import io.policyhub.api.identity.RelativeAdded;
import io.policyhub.api.identity.RemoveDocument;
import io.policyhub.api.identity.RemoveRelative;
import io.policyhub.api.identity.RevokeAdministrator;
import io.policyhub.api.identity.UpdateProfile;
import io.policyhub.api.identity.UserErased;
import io.policyhub.api.identity.UserIds;
import io.policyhub.api.identity.UserRegistered;
import io.policyhub.command.common.CommandRejectedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

class UserTest {

    private static final PasswordEncoder ENCODER = new BCryptPasswordEncoder(4);
    private static final String HASH = ENCODER.encode("old-password");

    private final UUID userId = UserIds.forUsername("alice");
    private final Profile registeredProfile = new Profile("alice@example.com", null, null, null);
    private AggregateTestFixture<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(ENCODER);
    }

    @Test
    void registersWithTheHashOnly() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(userId, "Alice", HASH, registeredProfile))
                .expectEvents(new UserRegistered(userId, "Alice", HASH, registeredProfile));
    }

    @Test
    void usernamesMapToTheSameIdWhateverTheirCase() {
        assertThat(UserIds.forUsername(" ALICE ")).isEqualTo(userId);
        assertThat(UserIds.forUsername("alice2")).isNotEqualTo(userId);
    }

    @Test
    void erasureNeedsThePassword() {
        fixture.given(registered())
                .when(new EraseUser(userId, "not-it"))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionDetails(Rejection.forbidden("wrong-password", "The password is wrong"));
    }

    @Test
    void erasureIsRecordedOnceAndNothingPersonalFollows() {
        fixture.given(registered())
                .when(new EraseUser(userId, "old-password"))
                .expectEvents(new UserErased(userId));
        fixture.given(registered(), new UserErased(userId))
                .when(new EraseUser(userId, "old-password"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(registered(), new UserErased(userId))
                .when(new UpdateProfile(userId, new Profile(null, "Again", null, null)))
                .expectNoEvents()
                .expectExceptionDetails(Rejection.conflict("user-erased", "This user was erased"));
        fixture.given(registered(), new UserErased(userId))
                .when(new ChangePassword(userId, "old-password", "new-hash"))
                .expectNoEvents()
                .expectException(CommandRejectedException.class);
    }

    @Test
    void anAdministratorGrantIsRecordedWithWhoGrantedIt() {
        fixture.given(registered())
                .when(new GrantAdministrator(userId, "granter"))
                .expectEvents(new AdministratorGranted(userId, "granter"));
    }

    @Test
    void grantingAnAdministratorAgainRecordsNothing() {
        fixture.given(registered(), new AdministratorGranted(userId, "granter"))
                .when(new GrantAdministrator(userId, "someone-else"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anotherAdministratorRevokes() {
        fixture.given(registered(), new AdministratorGranted(userId, "granter"))
                .when(new RevokeAdministrator(userId, "granter"))
                .expectEvents(new AdministratorRevoked(userId, "granter"));
    }

    @Test
    void administratorsCannotRevokeThemselves() {
        fixture.given(registered(), new AdministratorGranted(userId, "granter"))
                .when(new RevokeAdministrator(userId, userId.toString()))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionDetails(Rejection.conflict("cannot-revoke-self",
                        "Administrators cannot revoke themselves; another administrator can"));
    }

    @Test
    void passwordChangesWhenTheOldOneMatches() {
        fixture.given(registered())
                .when(new ChangePassword(userId, "old-password", "new-hash"))
                .expectEvents(new PasswordChanged(userId, "new-hash"));
    }

    @Test
    void passwordChangeWithAWrongOldPasswordIsForbidden() {
        fixture.given(registered())
                .when(new ChangePassword(userId, "guess", "new-hash"))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionDetails(Rejection.forbidden("wrong-password", "The old password is wrong"));
    }

    @Test
    void theNewPasswordIsTheOneCheckedNextTime() {
        fixture.given(registered(), new PasswordChanged(userId, ENCODER.encode("second-password")))
                .when(new ChangePassword(userId, "old-password", "third"))
                .expectNoEvents()
                .expectExceptionDetails(Rejection.forbidden("wrong-password", "The old password is wrong"));
    }

    @Test
    void profileIsCreatedOnceWhileNoPersonalDetailsExist() {
        Profile filled = new Profile("alice@example.com", "Alice", "Smith", "+7 900 000-00-00");
        fixture.given(registered())
                .when(new CreateProfile(userId, new Profile(null, "Alice", "Smith", "+7 900 000-00-00")))
                .expectEvents(new ProfileChanged(userId, filled))
                .expectResultMessagePayload(new ProfileView(userId, "Alice", "alice@example.com", "Alice", "Smith",
                        "+7 900 000-00-00"));
    }

    @Test
    void secondProfileCreationConflicts() {
        fixture.given(registered(), new ProfileChanged(userId, new Profile("alice@example.com", "Alice", null, null)))
                .when(new CreateProfile(userId, new Profile(null, "Other", null, null)))
                .expectNoEvents()
                .expectExceptionDetails(Rejection.conflict("profile-exists",
                        "The profile was already filled in; change it with PUT"));
    }

    @Test
    void registrationWithNamesCountsAsAFilledProfile() {
        fixture.given(new UserRegistered(userId, "Alice", HASH, new Profile("a@example.com", "Alice", null, null)))
                .when(new CreateProfile(userId, new Profile(null, null, "Smith", null)))
                .expectNoEvents()
                .expectException(CommandRejectedException.class);
    }

    @Test
    void updateChangesOnlyTheGivenFields() {
        fixture.given(registered(), new ProfileChanged(userId, new Profile("alice@example.com", "Alice", "Smith", null)))
                .when(new UpdateProfile(userId, new Profile("new@example.com", null, null, "+7 911 111-11-11")))
                .expectEvents(new ProfileChanged(userId, new Profile("new@example.com", "Alice", "Smith", "+7 911 111-11-11")));
    }

    private UserRegistered registered() {
        return new UserRegistered(userId, "Alice", HASH, registeredProfile);
    }

    @Test
    void documentsAreKeptOnceRemovedByIdAndBoundedInNumber() {
        UUID passport = UUID.randomUUID();
        DocumentAdded added = new DocumentAdded(userId, passport, DocumentType.PASSPORT, "4510123456", LocalDate.of(2015, 1, 1), null);

        fixture.given(registered())
                .when(new AddDocument(userId, passport, DocumentType.PASSPORT, "4510123456", LocalDate.of(2015, 1, 1), null))
                .expectEvents(added)
                .expectResultMessagePayload(passport);
        fixture.given(registered(), added)
                .when(new AddDocument(userId, UUID.randomUUID(), DocumentType.PASSPORT, "4510123456", LocalDate.of(2016, 1, 1), null))
                .expectNoEvents()
                .expectExceptionDetails(Rejection.conflict("document-exists", "This document is already kept"));
        fixture.given(registered(), added)
                .when(new RemoveDocument(userId, passport))
                .expectEvents(new DocumentRemoved(userId, passport));
        fixture.given(registered(), added, new DocumentRemoved(userId, passport))
                .when(new RemoveDocument(userId, passport))
                .expectNoEvents()
                .expectExceptionDetails(Rejection.notFound("not-found", "No such document"));

        List<Object> full = new ArrayList<>(List.of(registered()));
        for (int i = 0; i < User.MAX_DOCUMENTS; i++) {
            full.add(new DocumentAdded(userId, UUID.randomUUID(), DocumentType.VEHICLE_REGISTRATION, "77AB12345" + (char) ('A' + i),
                    LocalDate.of(2020, 1, 1), null));
        }
        fixture.given(full)
                .when(new AddDocument(userId, UUID.randomUUID(), DocumentType.PASSPORT, "4510123456", LocalDate.of(2015, 1, 1), null))
                .expectNoEvents()
                .expectException(CommandRejectedException.class);
    }

    @Test
    void relativesAreKeptOnceAndAnErasedUserKeepsNone() {
        UUID spouse = UUID.randomUUID();
        RelativeAdded added = new RelativeAdded(userId, spouse, Relation.SPOUSE, "Olga Petrova", LocalDate.of(1990, 5, 1),
                "7712345678", LocalDate.of(2010, 6, 1));

        fixture.given(registered())
                .when(new AddRelative(userId, spouse, Relation.SPOUSE, "Olga Petrova", LocalDate.of(1990, 5, 1), "7712345678",
                        LocalDate.of(2010, 6, 1)))
                .expectEvents(added);
        fixture.given(registered(), added)
                .when(new AddRelative(userId, UUID.randomUUID(), Relation.OTHER, "Olga Petrova", LocalDate.of(1990, 5, 1), null, null))
                .expectNoEvents()
                .expectExceptionDetails(Rejection.conflict("relative-exists", "This relative is already kept"));
        fixture.given(registered(), added, new UserErased(userId))
                .when(new AddRelative(userId, UUID.randomUUID(), Relation.CHILD, "Masha", LocalDate.of(2019, 9, 9), null, null))
                .expectNoEvents()
                .expectExceptionDetails(Rejection.conflict("user-erased", "This user was erased"));
        fixture.given(registered(), added, new UserErased(userId))
                .when(new RemoveRelative(userId, spouse))
                .expectNoEvents()
                .expectException(CommandRejectedException.class);
    }
}
