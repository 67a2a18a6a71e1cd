-- Read model of billing accounts: one row per account, the balance after the last applied event.
-- last_sequence makes the projection idempotent: an event older than the row is ignored.
create table account_balance (
    account_id    uuid           primary key,
    owner_id      uuid           not null unique,
    balance       numeric(19, 2) not null,
    currency      varchar(3)     not null,
    last_sequence bigint         not null,
    updated_at    timestamptz    not null
);
