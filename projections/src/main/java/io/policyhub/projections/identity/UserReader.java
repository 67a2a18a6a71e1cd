package io.policyhub.projections.identity;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.identity.ClientFile;
import io.policyhub.api.identity.Credentials;
import io.policyhub.api.identity.DocumentType;
import io.policyhub.api.identity.DocumentView;
import io.policyhub.api.identity.ProfileView;
import io.policyhub.api.identity.Relation;
import io.policyhub.api.identity.RelativeView;
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

    /** The user's documents and relatives, oldest first ({@link ClientFileProjection} writes them). */
    public ClientFile fileOf(UUID userId) {
        List<DocumentView> documents = jdbc.query("""
                        select document_id, type, number, issued_at, expires_at, added_at from client_documents
                        where user_id = ? order by added_at, document_id""",
                (rs, row) -> new DocumentView(rs.getObject("document_id", UUID.class), DocumentType.valueOf(rs.getString("type")),
                        rs.getString("number"), rs.getObject("issued_at", LocalDate.class), rs.getObject("expires_at", LocalDate.class),
                        rs.getTimestamp("added_at").toInstant()),
                userId);
        List<RelativeView> relatives = jdbc.query("""
                        select relative_id, relation, full_name, birth_date, license_number, license_issued_at, added_at
                        from client_relatives where user_id = ? order by added_at, relative_id""",
                (rs, row) -> new RelativeView(rs.getObject("relative_id", UUID.class), Relation.valueOf(rs.getString("relation")),
                        rs.getString("full_name"), rs.getObject("birth_date", LocalDate.class), rs.getString("license_number"),
                        rs.getObject("license_issued_at", LocalDate.class), rs.getTimestamp("added_at").toInstant()),
                userId);
        return new ClientFile(documents, relatives);
    }
}
