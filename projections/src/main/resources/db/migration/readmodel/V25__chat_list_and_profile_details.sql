-- The chat list: each member's row carries the chat's newest message, the member's read mark
-- (their own messages count as read) and how many of the companion's messages are after it.
-- Rows written before this version get them when the chats group is replayed.
alter table chat_members
    add column last_message_id uuid,
    add column last_sender_id  uuid,
    add column last_text       text,
    add column last_sent_at    timestamptz,
    add column read_up_to      uuid,
    add column read_sequence   bigint  not null default 0,
    add column unread          integer not null default 0,
    add column last_sequence   bigint  not null default 0;
create index chat_members_activity on chat_members (user_id, (coalesce(last_sent_at, started_at)) desc);
drop index chat_members_user;

-- Messages sent per day (UTC): the public live page's counter, nothing per person.
create table chat_daily_messages (
    day      date   primary key,
    messages bigint not null
);

-- The user directory looks people up by exact email too.
create index users_email on users (lower(email));

-- The old messenger's sign-up keeps these on the profile.
alter table users
    add column birthday  date,
    add column sex       varchar(16),
    add column city      varchar(64),
    add column interests text; -- a JSON array of short strings

-- The public live page's feed: the newest policies and conversations of everyone.
create index insurance_policies_issued on insurance_policies (issued_at desc);
create index chat_members_started on chat_members (started_at desc) where user_id < companion_id;
