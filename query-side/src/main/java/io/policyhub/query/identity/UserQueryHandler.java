package io.policyhub.query.identity;

import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.common.AggregateTypes;
import io.policyhub.api.identity.AnyAdministrator;
import io.policyhub.api.identity.ClientFile;
import io.policyhub.api.identity.Credentials;
import io.policyhub.api.identity.DirectoryEntry;
import io.policyhub.api.identity.FindClientFile;
import io.policyhub.api.identity.FindCredentials;
import io.policyhub.api.identity.FindProfile;
import io.policyhub.api.identity.IsAdministrator;
import io.policyhub.api.identity.LookUpUser;
import io.policyhub.api.identity.ProfileView;
import io.policyhub.api.identity.UserIds;
import io.policyhub.platform.consistency.ReadYourWrites;
import io.policyhub.platform.privacy.PersonalDataKeys;
import io.policyhub.projections.identity.UserReader;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Answers profile, client file and credential queries from the users read model, read-your-writes. */
@Component
class UserQueryHandler {

    private final UserReader users;
    private final ReadYourWrites readYourWrites;
    private final PersonalDataKeys personalDataKeys;

    UserQueryHandler(UserReader users, ReadYourWrites readYourWrites, PersonalDataKeys personalDataKeys) {
        this.users = users;
        this.readYourWrites = readYourWrites;
        this.personalDataKeys = personalDataKeys;
    }

    @QueryHandler
    Optional<ProfileView> handle(FindProfile query) {
        return user(query.userId()).map(UserReader.User::profile);
    }

    /** A password change is visible to the very next login. */
    @QueryHandler
    Optional<Credentials> handle(FindCredentials query) {
        return user(UserIds.forUsername(query.username())).map(UserReader.User::credentials);
    }

    @QueryHandler
    Boolean handle(IsAdministrator query) {
        return user(query.userId()).map(user -> user.administrator()).orElse(false);
    }

    /** Read once the user's row has applied every stored event, so a document just added is in it. */
    @QueryHandler
    Optional<ClientFile> handle(FindClientFile query) {
        return user(query.userId()).map(user -> users.fileOf(query.userId()));
    }

    /** An erased user is left out from the moment the erasure answered, before the read model has it too. */
    @QueryHandler
    Optional<DirectoryEntry> handle(LookUpUser query) {
        return users.lookUp(query.username(), query.email()).filter(entry -> !personalDataKeys.isErased(entry.userId()));
    }

    @QueryHandler
    Boolean handle(AnyAdministrator query) {
        return users.anyAdministrator();
    }

    private Optional<UserReader.User> user(UUID userId) {
        return readYourWrites.read(AggregateTypes.USER, userId.toString(), () -> users.find(userId), UserReader.User::lastSequence);
    }
}
