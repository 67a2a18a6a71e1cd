package io.policyhub.query.identity;

import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.common.AggregateTypes;
import io.policyhub.api.identity.Credentials;
import io.policyhub.api.identity.FindCredentials;
import io.policyhub.api.identity.FindProfile;
import io.policyhub.api.identity.ProfileView;
import io.policyhub.api.identity.UserIds;
import io.policyhub.platform.consistency.ReadYourWrites;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Answers profile and credential queries from the {@code users} read model, read-your-writes. */
@Component
class UserQueryHandler {

    private final JdbcTemplate jdbc;
    private final ReadYourWrites readYourWrites;

    UserQueryHandler(JdbcTemplate jdbc, ReadYourWrites readYourWrites) {
        this.jdbc = jdbc;
        this.readYourWrites = readYourWrites;
    }

    @QueryHandler
    Optional<ProfileView> handle(FindProfile query) {
        return user(query.userId()).map(UserRow::profile);
    }

    /** A password change is visible to the very next login. */
    @QueryHandler
    Optional<Credentials> handle(FindCredentials query) {
        return user(UserIds.forUsername(query.username())).map(UserRow::credentials);
    }

    private Optional<UserRow> user(UUID userId) {
        return readYourWrites.read(AggregateTypes.USER, userId.toString(), () -> jdbc.query("""
                        select user_id, username, password_hash, email, first_name, last_name, phone, last_sequence
                        from users where user_id = ?""",
                (rs, row) -> new UserRow(
                        new ProfileView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7)),
                        rs.getString(3), rs.getLong(8)),
                userId).stream().findFirst(), UserRow::lastSequence);
    }

    private record UserRow(ProfileView profile, String passwordHash, long lastSequence) {

        Credentials credentials() {
            return new Credentials(profile.userId(), profile.username(), passwordHash);
        }
    }
}
