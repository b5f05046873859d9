-- Memory graph: typed, weighted, directed edges between memories of one tenant.
-- The type is checked against the configured set by the application (engram.graph.association-types), so the
-- column only checks the shape. Edges disappear with either of their memories.
create table association (
    id                     uuid        primary key,
    tenant_id              text        not null,
    source_id              uuid        not null references memory (id) on delete cascade,
    target_id              uuid        not null references memory (id) on delete cascade,
    association_type       text        not null check (association_type ~ '^[a-z][a-z0-9_-]{0,63}$'),
    strength               real        not null default 0.5 check (strength between 0 and 1),
    confidence             real        not null default 1.0 check (confidence between 0 and 1),
    description            text,
    learned_automatically  boolean     not null default false,
    usage_count            integer     not null default 0,
    last_used              timestamptz,
    created_at             timestamptz not null,
    updated_at             timestamptz not null,
    check (source_id <> target_id),
    constraint association_unique_edge unique (tenant_id, source_id, target_id, association_type)
);
-- Outgoing edges use the unique index (tenant_id, source_id, …); incoming edges and the listing have their own.
create index association_tenant_target_idx on association (tenant_id, target_id);
create index association_tenant_created_idx on association (tenant_id, created_at desc, id desc);
-- usage_count / last_used change on every graph-expanded search (batched): leave room for HOT updates.
alter table association set (fillfactor = 85);
