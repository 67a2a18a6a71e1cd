-- Read model of users: credentials for login and the profile. last_sequence is the sequence number
-- of the user's last applied event (idempotent projection, read-your-writes).
create table users (
    user_id       uuid         primary key,
    username      varchar(32)  not null,
    password_hash varchar(255) not null,
    email         varchar(254),
    first_name    varchar(64),
    last_name     varchar(64),
    phone         varchar(20),
    last_sequence bigint       not null
);
create unique index users_username on users (lower(username));
