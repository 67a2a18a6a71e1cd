-- Axon's sequenced dead-letter queue (JdbcSequencedDeadLetterQueue, schema in axon/DeadLettering): a
-- projection's failing event and the later events of its sequence are parked here, every other
-- sequence goes on. Timestamps are Axon's fixed-width ISO strings, so they order as text.
create table dead_letter_entry (
    dead_letter_id       varchar(255) primary key,
    processing_group     varchar(255) not null,
    sequence_identifier  varchar(255) not null,
    sequence_index       bigint       not null,
    message_type         varchar(255) not null,
    event_identifier     varchar(255) not null,
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    aggregate_type       varchar(255),
    aggregate_identifier varchar(255),
    sequence_number      bigint,
    token_type           varchar(255),
    token                bytea,
    enqueued_at          varchar(255) not null,
    last_touched         varchar(255),
    processing_started   varchar(255),
    cause_type           varchar(255),
    cause_message        text,
    diagnostics          bytea,
    constraint dead_letter_sequence_index unique (processing_group, sequence_identifier, sequence_index)
);
create index dead_letter_group on dead_letter_entry (processing_group, last_touched);
-- reads ask whether their aggregate has a parked event (platform/consistency/ReadYourWrites)
create index dead_letter_aggregate on dead_letter_entry (aggregate_identifier);

-- what an operator evicted, and why: an evicted event is never applied, so its trace stays
create table dead_letter_evictions (
    dead_letter_id       varchar(255) primary key,
    processing_group     varchar(255) not null,
    sequence_identifier  varchar(255) not null,
    event_identifier     varchar(255) not null,
    payload_type         varchar(255) not null,
    aggregate_identifier varchar(255),
    cause_message        text,
    reason               text         not null,
    evicted_by           varchar(255) not null,
    evicted_at           timestamptz  not null
);
