-- One AES key per person (platform/privacy): the personal fields of their events and snapshots are
-- encrypted with it. Erasure sets data_key to null and keeps the row, so no new key is ever made for
-- an erased person and everything encrypted before stays unreadable, in every copy of the events.
create table personal_data_keys (
    subject_id uuid        primary key,
    data_key   bytea,
    created_at timestamptz not null,
    erased_at  timestamptz
);
