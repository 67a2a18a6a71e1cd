package io.policyhub.platform.security.sessions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sign-in sessions in PostgreSQL ({@code auth_sessions}, {@code auth_refresh_tokens}): the one place
 * that says whether an access token's session is still open. A login starts a session with its first
 * refresh token; each refresh spends the token and issues the next (rotation); presenting a spent one
 * again means it was copied, and ends the session: the whole family of tokens. Logout, a password
 * change and erasure end sessions. Every request checks its session here, with no cache in between
 * (concurrent checks share a query, {@link SessionChecks}), so an ended session's access tokens are
 * refused at once on every instance. Refresh tokens are kept
 * as SHA-256 hashes only.
 */
public class SignInSessions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SignInSessions.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A session just started or refreshed: its id, its user and the refresh token to present next. */
    public record Refreshable(UUID sessionId, UUID userId, String refreshToken, Instant expiresAt) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Duration lifetime;
    private final Clock clock;
    private final SessionChecks checks;

    /** @param coalesceChecks whether concurrent {@link #isOpen} checks share one query ({@link SessionChecks}) */
    public SignInSessions(JdbcTemplate jdbc, TransactionTemplate transactions, Duration lifetime, Clock clock, boolean coalesceChecks) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.lifetime = lifetime;
        this.clock = clock;
        this.checks = coalesceChecks ? new SessionChecks(this::openAmong) : null;
    }

    public Refreshable start(UUID userId) {
        Instant now = clock.instant();
        UUID sessionId = UUID.randomUUID();
        Instant expiresAt = now.plus(lifetime);
        String token = newToken();
        transactions.executeWithoutResult(status -> {
            jdbc.update("insert into auth_sessions (session_id, user_id, created_at, expires_at) values (?, ?, ?, ?)",
                    sessionId, userId, Timestamp.from(now), Timestamp.from(expiresAt));
            jdbc.update("insert into auth_refresh_tokens (token_hash, session_id, issued_at) values (?, ?, ?)",
                    hash(token), sessionId, Timestamp.from(now));
        });
        return new Refreshable(sessionId, userId, token, expiresAt);
    }

    /**
     * Spends the refresh token and issues the next one. Empty when the token is unknown, spent, or its
     * session ended or expired; a spent token also ends its session (see the class comment).
     */
    public Optional<Refreshable> refresh(String refreshToken) {
        byte[] presented = hash(refreshToken);
        Instant now = clock.instant();
        Optional<Refreshable> next = transactions.execute(status -> jdbc.query("""
                        update auth_refresh_tokens t set spent_at = ?
                        from auth_sessions s
                        where t.token_hash = ? and t.spent_at is null and s.session_id = t.session_id
                          and s.ended_at is null and s.expires_at > ?
                        returning s.session_id, s.user_id, s.expires_at""",
                (rs, row) -> new Refreshable(rs.getObject("session_id", UUID.class), rs.getObject("user_id", UUID.class),
                        newToken(), rs.getTimestamp("expires_at").toInstant()),
                Timestamp.from(now), presented, Timestamp.from(now)).stream().findFirst().map(session -> {
                    jdbc.update("insert into auth_refresh_tokens (token_hash, session_id, issued_at) values (?, ?, ?)",
                            hash(session.refreshToken()), session.sessionId(), Timestamp.from(now));
                    return session;
                }));
        if (next.isEmpty()) {
            endIfSpent(presented);
        }
        return next;
    }

    public void end(UUID sessionId, String reason) {
        jdbc.update("update auth_sessions set ended_at = ?, ended_reason = ? where session_id = ? and ended_at is null",
                Timestamp.from(clock.instant()), reason, sessionId);
    }

    /** Ends every open session of the user but {@code keep} (null: all of them). */
    public int endAllOf(UUID userId, String reason, UUID keep) {
        return jdbc.update("""
                        update auth_sessions set ended_at = ?, ended_reason = ?
                        where user_id = ? and ended_at is null and session_id is distinct from ?""",
                Timestamp.from(clock.instant()), reason, userId, keep);
    }

    /** Whether the session is open: every authenticated request asks. */
    public boolean isOpen(UUID sessionId) {
        return checks != null ? checks.isOpen(sessionId) : openAmong(Set.of(sessionId)).contains(sessionId);
    }

    /** Of these sessions, the ones that ended (the gateway asks for its sockets' sessions, a slice at a time). */
    public Set<UUID> endedAmong(Collection<UUID> sessionIds) {
        Set<UUID> open = openAmong(sessionIds);
        return sessionIds.stream().filter(id -> !open.contains(id)).collect(Collectors.toSet());
    }

    private Set<UUID> openAmong(Collection<UUID> sessionIds) {
        if (sessionIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.query("select session_id from auth_sessions where session_id = any (?) and ended_at is null",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("uuid", sessionIds.toArray())),
                (rs, row) -> rs.getObject(1, UUID.class)));
    }

    @Override
    public void close() {
        if (checks != null) {
            checks.close();
        }
    }

    private void endIfSpent(byte[] presented) {
        List<UUID> spentIn = jdbc.queryForList("select session_id from auth_refresh_tokens where token_hash = ? and spent_at is not null",
                UUID.class, presented);
        for (UUID sessionId : spentIn) {
            log.warn("A spent refresh token of session {} was presented again; the session ends", sessionId);
            end(sessionId, "refresh-token-reused");
        }
    }

    private static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
