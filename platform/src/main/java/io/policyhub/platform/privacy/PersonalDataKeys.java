package io.policyhub.platform.privacy;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The key of each person whose personal data the events carry ({@code personal_data_keys}), made on
 * first use and forgotten at erasure. Asked on every read and write of an event with personal data,
 * with no cache: once forgotten, no instance can decrypt that person's data again, not even a replay
 * that starts a second later.
 */
public class PersonalDataKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String AES = "AES";

    /** The person was erased: nothing personal may be written for them any more. */
    public static class Erased extends IllegalStateException {
        Erased(UUID subject) {
            super("The personal data of " + subject + " was erased");
        }
    }

    private final JdbcTemplate jdbc;
    /** Its own transaction: see {@link #keyFor}. */
    private final TransactionTemplate separately;

    public PersonalDataKeys(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.separately = transactions == null ? null : new TransactionTemplate(transactions);
        if (separately != null) {
            separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        }
    }

    /**
     * The person's key, made now if they have none yet. A new key is committed in a transaction of
     * its own before the event it encrypts is stored anywhere: with Axon Server the event reaches the
     * projections before the command's own transaction commits, and a key they cannot see yet would
     * make them read the fields as null for good.
     */
    public SecretKey keyFor(UUID subject) {
        Optional<Optional<SecretKey>> stored = stored(subject);
        if (stored.isEmpty()) {
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            separately.executeWithoutResult(status -> jdbc.update(
                    "insert into personal_data_keys (subject_id, data_key, created_at) values (?, ?, ?) on conflict (subject_id) do nothing",
                    subject, key, Timestamp.from(Instant.now())));
            stored = stored(subject); // a racing writer's key, if it was first
        }
        return stored.orElseThrow().orElseThrow(() -> new Erased(subject));
    }

    /** The person's key; empty when they have none or were erased (their data then reads as null). */
    public Optional<SecretKey> existingKeyFor(UUID subject) {
        return stored(subject).flatMap(key -> key);
    }

    /** Whether the person was erased (their key forgotten). */
    public boolean isErased(UUID subject) {
        return stored(subject).map(Optional::isEmpty).orElse(false);
    }

    /** Forgets the key: the person's personal data in every stored event becomes unreadable. Idempotent. */
    public void forget(UUID subject) {
        jdbc.update("""
                insert into personal_data_keys (subject_id, data_key, created_at, erased_at) values (?, null, ?, ?)
                on conflict (subject_id) do update set data_key = null, erased_at = coalesce(personal_data_keys.erased_at, excluded.erased_at)""",
                subject, Timestamp.from(Instant.now()), Timestamp.from(Instant.now()));
    }

    /** Empty: no row; a row with an empty key: erased. */
    private Optional<Optional<SecretKey>> stored(UUID subject) {
        List<Optional<SecretKey>> rows = jdbc.query("select data_key from personal_data_keys where subject_id = ?",
                (rs, row) -> Optional.ofNullable(rs.getBytes("data_key")).map(key -> (SecretKey) new SecretKeySpec(key, AES)), subject);
        return rows.stream().findFirst();
    }
}
