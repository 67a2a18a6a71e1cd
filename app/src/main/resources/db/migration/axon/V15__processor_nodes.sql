-- Which instances run which tracking processor, with a heartbeat: SegmentBalancing spreads each
-- processor's segments evenly over the instances that are alive.
create table processor_nodes (
    processor_name varchar(255) not null,
    node_id        varchar(255) not null,
    heartbeat_at   timestamptz  not null,
    primary key (processor_name, node_id)
);
