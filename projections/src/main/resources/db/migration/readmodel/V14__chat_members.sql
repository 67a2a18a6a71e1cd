-- Chat membership: two rows per direct chat, one per member. Message history lives in ClickHouse.
create table chat_members (
    chat_id      uuid        not null,
    user_id      uuid        not null,
    companion_id uuid        not null,
    started_at   timestamptz not null,
    primary key (chat_id, user_id)
);
create index chat_members_user on chat_members (user_id, started_at desc);
