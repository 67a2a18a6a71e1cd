-- Replays across instances (projections/admin/ReplayCoordinator): a request per processor, and which
-- instance stopped its processor for which request. Every instance also records its processor's state
-- next to its heartbeat, so the admin list shows every instance's.
alter table processor_nodes add column state varchar(16);

create table processor_replays (
    processor_name varchar(255) primary key,
    generation     bigint       not null,
    state          varchar(16)  not null,   -- REQUESTED, RESET, FAILED
    requested_at   timestamptz  not null,
    updated_at     timestamptz  not null,
    detail         text
);

create table processor_replay_stops (
    processor_name varchar(255) not null,
    node_id        varchar(255) not null,
    generation     bigint       not null,
    stopped_at     timestamptz  not null,
    primary key (processor_name, node_id)
);
