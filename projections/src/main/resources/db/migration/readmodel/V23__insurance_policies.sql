-- Applications list newest first: when each was submitted (rows from before this column take their last change).
alter table insurance_applications add column submitted_at timestamptz;
update insurance_applications set submitted_at = updated_at;
alter table insurance_applications alter column submitted_at set not null;
create index insurance_applications_by_customer on insurance_applications (customer_id, submitted_at desc);

-- Issued OSAGO policies. Nothing personal is kept here (vehicle and driver stay in the events,
-- encrypted under the holder's key), so erasure leaves these rows as they are.
create table insurance_policies (
    policy_id      uuid           primary key,
    number         varchar(16)    not null,
    application_id uuid           not null unique,
    customer_id    uuid           not null,
    insurer        varchar(64)    not null,
    premium        numeric(19, 2) not null,
    valid_from     date           not null,
    valid_to       date           not null,
    issued_at      timestamptz    not null
);
create index insurance_policies_by_customer on insurance_policies (customer_id, issued_at desc);
