package io.policyhub.query.identity;

import java.util.List;
import java.util.UUID;

import io.policyhub.api.identity.ClientFile;
import io.policyhub.api.identity.DirectoryEntry;
import io.policyhub.api.identity.DocumentView;
import io.policyhub.api.identity.FindClientFile;
import io.policyhub.api.identity.FindProfile;
import io.policyhub.api.identity.ProfileView;
import io.policyhub.api.identity.RelativeView;
import io.policyhub.platform.web.Caller;
import io.policyhub.platform.web.ProblemException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Profile reads (the caller's own only) and the user directory. */
@RestController
class IdentityQueryController {

    private final QueryGateway queryGateway;
    private final UserDirectory directory;

    IdentityQueryController(QueryGateway queryGateway, UserDirectory directory) {
        this.queryGateway = queryGateway;
        this.directory = directory;
    }

    /** Exact match only: a list of at most one, empty when nobody has that username or email. */
    @GetMapping("/api/v1/users")
    List<DirectoryEntry> lookUp(Caller caller, @RequestParam(required = false) String username,
                                @RequestParam(required = false) String email) {
        return directory.lookUp(caller.userId(), username, email).stream().toList();
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

    @GetMapping("/api/v1/profile/documents")
    List<DocumentView> myDocuments(Caller caller) {
        return fileOf(caller.userId()).documents();
    }

    @GetMapping("/api/v1/profile/relatives")
    List<RelativeView> myRelatives(Caller caller) {
        return fileOf(caller.userId()).relatives();
    }

    private ClientFile fileOf(UUID userId) {
        return queryGateway.query(new FindClientFile(userId), ResponseTypes.optionalInstanceOf(ClientFile.class)).join()
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "not-found", "No such user"));
    }

    private ProfileView profileOf(UUID userId) {
        return queryGateway.query(new FindProfile(userId), ResponseTypes.optionalInstanceOf(ProfileView.class)).join()
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "not-found", "No such user"));
    }
}
