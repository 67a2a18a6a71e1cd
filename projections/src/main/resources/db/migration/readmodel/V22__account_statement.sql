-- Account statements: one row per movement of money, keyed by its place in the account's stream,
-- so a redelivered or replayed event finds its row and changes nothing. Amounts are signed
-- (withdrawals and order debits negative); balance_after is the balance the event left.
-- Built by the accounts processor. An account opened before this table existed has no row in
-- account_statement_applied, so its statement is answered from the event store until a replay of
-- accounts builds it.
create table account_statement (
    account_id    uuid           not null,
    sequence      bigint         not null,
    entry_id      varchar(36)    not null,
    kind          varchar(16)    not null,
    amount        numeric(19, 2) not null,
    balance_after numeric(19, 2) not null,
    order_id      uuid,
    occurred_at   timestamptz    not null,
    primary key (account_id, sequence)
);

-- as-of reads: the newest entry of an account at or before a moment
create index account_statement_by_time on account_statement (account_id, occurred_at);

-- per account seen from its opening, the last event the statement applied (money moving or not)
create table account_statement_applied (
    account_id    uuid   primary key,
    last_sequence bigint not null
);
