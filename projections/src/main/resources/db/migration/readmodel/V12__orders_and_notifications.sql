-- Orders as customers see them, and the stored notification letters (the outbox: nothing is mailed).
create table orders (
    order_id      uuid           primary key,
    customer_id   uuid           not null,
    price         numeric(19, 2) not null,
    description   varchar(500),
    status        varchar(16)    not null,
    reason        varchar(64),
    placed_at     timestamptz    not null,
    last_sequence bigint         not null
);
create index orders_customer on orders (customer_id, placed_at desc);

create table notifications (
    notification_id uuid         primary key,
    order_id        uuid         not null,
    user_id         uuid         not null,
    kind            varchar(32)  not null,
    email           varchar(254),
    subject         varchar(200) not null,
    body            text         not null,
    created_at      timestamptz  not null
);
create index notifications_user on notifications (user_id, created_at desc);

-- Where notifications go: the projection's own copy of each user's current email.
create table notification_recipients (
    user_id uuid primary key,
    email   varchar(254)
);
