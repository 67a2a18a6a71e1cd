package io.policyhub.projections.identity;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.identity.ClientFile;
import io.policyhub.api.identity.Credentials;
import io.policyhub.api.identity.DirectoryEntry;
import io.policyhub.api.identity.DocumentType;
import io.policyhub.api.identity.DocumentView;
import io.policyhub.api.identity.ProfileView;
import io.policyhub.api.identity.Relation;
import io.policyhub.api.identity.RelativeView;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the {@code users} read model that {@link UserProjection} writes: profiles and the
 * credentials a login checks (loaded in every role that reads it, see {@code ReadModelReaders}).
 */
public class UserReader {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public UserReader(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A user's row: the profile, the password hash and the last event the row applied. */
    public record User(ProfileView profile, String passwordHash, boolean administrator, long lastSequence) {

        public Credentials credentials() {
            return new Credentials(profile.userId(), profile.username(), passwordHash, administrator);
        }
    }

    public Optional<User> find(UUID userId) {
        return jdbc.query("""
                        select user_id, username, password_hash, email, first_name, last_name, phone, birthday, sex, city,
                               interests, administrator, last_sequence
                        from users where user_id = ?""",
                (rs, row) -> new User(new ProfileView(rs.getObject("user_id", UUID.class), rs.getString("username"),
                        rs.getString("email"), rs.getString("first_name"), rs.getString("last_name"), rs.getString("phone"),
                        rs.getObject("birthday", LocalDate.class), rs.getString("sex"), rs.getString("city"),
                        interests(rs.getString("interests"))),
                        rs.getString("password_hash"), rs.getBoolean("administrator"), rs.getLong("last_sequence")),
                userId).stream().findFirst();
    }

    /**
     * The user with exactly this username or email (case-insensitive), never an erased one; at most
     * one: were an email shared, the earliest username in order. There is no listing of all users.
     */
    public Optional<DirectoryEntry> lookUp(String username, String email) {
        String column = username != null ? "lower(username)" : "lower(email)";
        return jdbc.query("select user_id, username, " + DISPLAY_NAME + " as display_name from users where "
                        + column + " = lower(?) and not erased order by username limit 1",
                (rs, row) -> new DirectoryEntry(rs.getObject("user_id", UUID.class), rs.getString("username"),
                        rs.getString("display_name")),
                username != null ? username : email).stream().findFirst();
    }

    /** How each of the users is named to others (see {@link #DISPLAY_NAME}); unknown ids are left out. */
    public Map<UUID, String> displayNames(Collection<UUID> userIds) {
        Map<UUID, String> names = new HashMap<>();
        jdbc.query("select user_id, " + DISPLAY_NAME + " from users where user_id = any(?)",
                rs -> {
                    names.put(rs.getObject(1, UUID.class), rs.getString(2));
                }, (Object) userIds.toArray(UUID[]::new));
        return names;
    }

    /** How a user is named to others: first and last name when given, else the username. */
    public static final String DISPLAY_NAME =
            "coalesce(nullif(trim(concat_ws(' ', first_name, last_name)), ''), username)";

    private List<String> interests(String stored) {
        return stored == null ? null : List.of(json.readValue(stored, String[].class));
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
