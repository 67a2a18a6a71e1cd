package io.policyhub.projections.identity;

import java.util.UUID;

import io.policyhub.api.identity.AdministratorGranted;
import io.policyhub.api.identity.AdministratorRevoked;
import io.policyhub.api.identity.PasswordChanged;
import io.policyhub.api.identity.Profile;
import io.policyhub.api.identity.ProfileChanged;
import io.policyhub.api.identity.UserErased;
import io.policyhub.api.identity.UserRegistered;
import io.policyhub.platform.privacy.PersonalDataKeys;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Keeps {@code users} (credentials and profiles) in step with the user events; replay-safe. */
@Component
@ProcessingGroup("users")
class UserProjection {

    private final JdbcTemplate jdbc;
    private final PersonalDataKeys personalDataKeys;
    private final JsonMapper json;

    UserProjection(JdbcTemplate jdbc, PersonalDataKeys personalDataKeys, JsonMapper json) {
        this.jdbc = jdbc;
        this.personalDataKeys = personalDataKeys;
        this.json = json;
    }

    @EventHandler
    void on(UserRegistered event, @SequenceNumber long sequence) {
        Profile profile = event.profile();
        jdbc.update("""
                insert into users (user_id, username, password_hash, email, first_name, last_name, phone,
                                   birthday, sex, city, interests, last_sequence)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (user_id) do nothing""",
                event.userId(), event.username(), event.passwordHash(), profile.email(), profile.firstName(),
                profile.lastName(), profile.phone(), profile.birthday(), profile.sex(), profile.city(),
                interests(profile), sequence);
    }

    @EventHandler
    void on(PasswordChanged event, @SequenceNumber long sequence) {
        jdbc.update("update users set password_hash = ?, last_sequence = ? where user_id = ? and last_sequence < ?",
                event.passwordHash(), sequence, event.userId(), sequence);
    }

    @EventHandler
    void on(ProfileChanged event, @SequenceNumber long sequence) {
        Profile profile = event.profile();
        jdbc.update("""
                update users set email = ?, first_name = ?, last_name = ?, phone = ?,
                                 birthday = ?, sex = ?, city = ?, interests = ?, last_sequence = ?
                where user_id = ? and last_sequence < ?""",
                profile.email(), profile.firstName(), profile.lastName(), profile.phone(), profile.birthday(),
                profile.sex(), profile.city(), interests(profile), sequence, event.userId(), sequence);
    }

    @EventHandler
    void on(AdministratorGranted event, @SequenceNumber long sequence) {
        administrator(event.userId(), true, sequence);
    }

    @EventHandler
    void on(AdministratorRevoked event, @SequenceNumber long sequence) {
        administrator(event.userId(), false, sequence);
    }

    private void administrator(UUID userId, boolean administrator, long sequence) {
        jdbc.update("update users set administrator = ?, last_sequence = ? where user_id = ? and last_sequence < ?",
                administrator, sequence, userId, sequence);
    }

    /**
     * The row keeps the username (taken for good) and nothing personal. The key is forgotten here too,
     * should the process that stored the event have stopped before forgetting it.
     */
    @EventHandler
    void on(UserErased event, @SequenceNumber long sequence) {
        personalDataKeys.forget(event.userId());
        jdbc.update("""
                update users set password_hash = null, email = null, first_name = null, last_name = null, phone = null,
                                 birthday = null, sex = null, city = null, interests = null, administrator = false, erased = true, last_sequence = ?
                where user_id = ? and last_sequence < ?""", sequence, event.userId(), sequence);
    }

    private String interests(Profile profile) {
        return profile.interests() == null ? null : json.writeValueAsString(profile.interests());
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate users");
    }
}
