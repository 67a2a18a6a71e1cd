-- OSAGO applications and the answer of every insurer asked.
create table insurance_applications (
    application_id uuid        primary key,
    customer_id    uuid        not null,
    status         varchar(16) not null,
    updated_at     timestamptz not null,
    last_sequence  bigint      not null
);

create table insurance_quotes (
    application_id uuid           not null references insurance_applications on delete cascade,
    insurer        varchar(64)    not null,
    position       integer        not null,
    status         varchar(16)    not null,
    premium        numeric(19, 2),
    attempts       integer        not null,
    error          varchar(500),
    updated_at     timestamptz    not null,
    primary key (application_id, insurer)
);
