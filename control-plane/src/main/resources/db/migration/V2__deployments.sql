-- Deployments of Sluice's CloudFormation stacks: one row per plan or apply of one stack in one
-- environment, with its change list, every stack event and its outcome. Portable SQL: the same
-- migration runs on H2 (embedded mode) and PostgreSQL.

create table deployment (
    id                varchar(36)   not null primary key,
    environment       varchar(64)   not null,
    stack             varchar(32)   not null,
    stack_name        varchar(128)  not null,
    action            varchar(16)   not null,
    status            varchar(32)   not null,
    requested_by      varchar(256)  not null,
    approved_by       varchar(256),
    -- stack=all: the application deployment waits for the infrastructure deployment it names.
    after_deployment  varchar(36),
    change_set_name   varchar(128),
    change_set_id     varchar(1024),
    change_set_type   varchar(16),
    asset_key         varchar(256),
    -- The newest stack event before this deployment executed: events after it are this deployment's.
    events_after      varchar(256),
    stack_status      varchar(64),
    failed_resource   varchar(256),
    failure_reason    varchar(4000),
    remedy            varchar(4000),
    warning           varchar(4000),
    created_at        timestamp with time zone not null,
    planned_at        timestamp with time zone,
    decided_at        timestamp with time zone,
    started_at        timestamp with time zone,
    finished_at       timestamp with time zone,
    updated_at        timestamp with time zone not null
);

create index deployment_history on deployment (environment, created_at);
create index deployment_status on deployment (status);

create table deployment_change (
    deployment_id  varchar(36)   not null references deployment (id),
    position       integer       not null,
    kind           varchar(16)   not null,
    action         varchar(32)   not null,
    logical_id     varchar(256)  not null,
    physical_id    varchar(1024),
    resource_type  varchar(256),
    replacement    varchar(16),
    details        varchar(4000),
    primary key (deployment_id, position)
);

create table deployment_event (
    deployment_id  varchar(36)   not null references deployment (id),
    event_id       varchar(256)  not null,
    -- The order Sluice received the events in (CloudFormation's times may tie).
    received       integer       not null,
    occurred_at    timestamp with time zone not null,
    logical_id     varchar(256)  not null,
    physical_id    varchar(1024),
    resource_type  varchar(256),
    status         varchar(64)   not null,
    reason         varchar(4000),
    primary key (deployment_id, event_id)
);

create index deployment_event_order on deployment_event (deployment_id, received);

-- At most one unfinished deployment per environment and stack: a second request fails on this
-- primary key (HTTP 409), whichever replica takes it. The row goes when the deployment ends.
create table deployment_claim (
    environment    varchar(64)   not null,
    stack          varchar(32)   not null,
    deployment_id  varchar(36)   not null references deployment (id),
    claimed_at     timestamp with time zone not null,
    primary key (environment, stack)
);
