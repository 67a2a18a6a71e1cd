package io.policyhub.projections.identity;

import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.identity.Credentials;
import io.policyhub.api.identity.ProfileView;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the {@code users} read model that {@link UserProjection} writes: profiles and the
 * credentials a login checks (loaded in every role that reads it, see {@code ReadModelReaders}).
 */
public class UserReader {

    private final JdbcTemplate jdbc;

    public UserReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A user's row: the profile, the password hash and the last event the row applied. */
    public record User(ProfileView profile, String passwordHash, boolean administrator, long lastSequence) {

        public Credentials credentials() {
            return new Credentials(profile.userId(), profile.username(), passwordHash, administrator);
        }
    }

    public Optional<User> find(UUID userId) {
        return jdbc.query("""
                        select user_id, username, password_hash, email, first_name, last_name, phone, administrator, last_sequence
                        from users where user_id = ?""",
                (rs, row) -> new User(new ProfileView(rs.getObject("user_id", UUID.class), rs.getString("username"),
                        rs.getString("email"), rs.getString("first_name"), rs.getString("last_name"), rs.getString("phone")),
                        rs.getString("password_hash"), rs.getBoolean("administrator"), rs.getLong("last_sequence")),
                userId).stream().findFirst();
    }

    public boolean anyAdministrator() {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from users where administrator)", Boolean.class));
    }
}
