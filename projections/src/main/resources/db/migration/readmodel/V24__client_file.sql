-- The client's file: identity documents and relatives, kept by the users processor (the same
-- stream as the user, so a user's erasure deletes them in order). The personal columns are null
-- when rebuilt from the events of an erased user, whose key is gone; the erasure deletes the rows.
create table client_documents (
    document_id uuid        primary key,
    user_id     uuid        not null,
    type        varchar(32) not null,
    number      varchar(32),
    issued_at   date,
    expires_at  date,
    added_at    timestamptz not null
);
create index client_documents_by_user on client_documents (user_id, added_at);

create table client_relatives (
    relative_id       uuid         primary key,
    user_id           uuid         not null,
    relation          varchar(16)  not null,
    full_name         varchar(128),
    birth_date        date,
    license_number    varchar(20),
    license_issued_at date,
    added_at          timestamptz  not null
);
create index client_relatives_by_user on client_relatives (user_id, added_at);
