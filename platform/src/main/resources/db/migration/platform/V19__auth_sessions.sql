-- Sign-in sessions (platform/security/sessions): one per login, ended by logout, a password change,
-- erasure or the reuse of a spent refresh token. Every request's access token names its session
-- (claim sid), which must still be open. Not a read model: nothing in the event log rebuilds it.
create table auth_sessions (
    session_id   uuid        primary key,
    user_id      uuid        not null,
    created_at   timestamptz not null,
    -- the refresh tokens' absolute end: refreshing never extends a session beyond it
    expires_at   timestamptz not null,
    ended_at     timestamptz,
    ended_reason varchar(32)
);
create index auth_sessions_user on auth_sessions (user_id);

-- Every refresh token issued, by the SHA-256 of its secret: the current one of a session is unspent;
-- presenting a spent one again means it was copied, and ends its session (the whole family).
create table auth_refresh_tokens (
    token_hash bytea       primary key,
    session_id uuid        not null references auth_sessions on delete cascade,
    issued_at  timestamptz not null,
    spent_at   timestamptz
);
create index auth_refresh_tokens_session on auth_refresh_tokens (session_id);
