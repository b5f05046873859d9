-- Lifecycle: importance decay bookkeeping, the audit of every maintenance run, and the archive of cleaned memories.

-- When importance was last decayed: a run decays only the idle time since then, so runs compose and never
-- decay the same period twice. Not indexed (the column changes in place, HOT).
alter table memory add column importance_decayed_at timestamptz;

-- One row per maintenance run and tenant (the source documents' MemoryCleanupLog).
create table maintenance_run (
    id                 uuid        primary key,
    tenant_id          text        not null,
    run_type           text        not null,
    description        text        not null,
    parameters         jsonb       not null default '{}'::jsonb,
    details            jsonb       not null default '{}'::jsonb,
    processed          bigint      not null default 0,
    deleted            bigint      not null default 0,
    archived           bigint      not null default 0,
    updated            bigint      not null default 0,
    space_freed_bytes  bigint      not null default 0,
    started_at         timestamptz not null,
    completed_at       timestamptz not null,
    duration_ms        bigint      not null,
    executed_by        text        not null,
    success            boolean     not null,
    error              text
);
create index maintenance_run_tenant_started_idx on maintenance_run (tenant_id, started_at desc, id desc);

-- Memories removed by a cleanup in archive mode: every column as JSON (without the derived search_vector), the
-- vector kept as a vector so a restore does not need the model.
create table memory_archive (
    id           uuid        primary key,
    tenant_id    text        not null,
    type_code    text        not null,
    reason       text        not null check (reason in ('expired', 'retention', 'capacity', 'age')),
    run_id       uuid        not null,
    archived_at  timestamptz not null,
    embedding    vector(${embedding_dimension}),
    memory       jsonb       not null
);
create index memory_archive_tenant_archived_idx on memory_archive (tenant_id, archived_at desc);
