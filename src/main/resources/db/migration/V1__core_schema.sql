-- Engram core schema: memory types, contexts, long-term memories with embeddings and full text.
-- ${embedding_dimension} is the configured model's vector dimension, fixed when this migration first runs.

create extension if not exists vector;

-- array_to_string is only STABLE; this wrapper is safe for text[] and lets the tsvector be a generated column.
create function engram_text_array_to_string(text[]) returns text
    language sql immutable parallel safe
    as $$ select coalesce(array_to_string($1, ' '), '') $$;

-- Memory types are rows. Built-in types belong to the pseudo-tenant '_system' and are visible to every tenant;
-- a tenant's own row with the same code overrides the built-in one.
create table memory_type (
    tenant_id          text        not null,
    code               text        not null check (code ~ '^[a-z][a-z0-9_-]{0,63}$'),
    name               text        not null,
    description        text,
    retention_seconds  bigint      check (retention_seconds > 0),
    max_capacity       integer     check (max_capacity > 0),
    priority           integer     not null default 0,
    active             boolean     not null default true,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    primary key (tenant_id, code)
);

insert into memory_type (tenant_id, code, name, description, retention_seconds, max_capacity, priority) values
    ('_system', 'episodic',   'Episodic',   'Events and conversation turns: what happened, when and with whom', 7776000,  null, 3),
    ('_system', 'semantic',   'Semantic',   'Facts and general knowledge independent of when they were learned', null,    null, 5),
    ('_system', 'preference', 'Preference', 'Likes, dislikes and settings of a user or agent',                    null,    null, 5),
    ('_system', 'procedural', 'Procedural', 'How to do things: steps, fixes, workflows',                           null,    null, 4),
    ('_system', 'emotional',  'Emotional',  'Feelings and sentiment expressed in interactions',                    15552000, null, 2),
    ('_system', 'contextual', 'Contextual', 'Situation and surroundings of a task or conversation',                2592000,  null, 1);

create table context (
    id             uuid        primary key,
    tenant_id      text        not null,
    context_type   text        not null check (context_type ~ '^[a-z][a-z0-9_-]{0,63}$'),
    name           text        not null,
    description    text,
    user_id        text,
    agent_id       text,
    metadata       jsonb       not null default '{}'::jsonb,
    tags           text[]      not null default '{}',
    status         text        not null default 'active' check (status in ('active', 'archived')),
    started_at     timestamptz not null,
    ended_at       timestamptz,
    last_accessed  timestamptz,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    version        bigint      not null default 0
);
create index context_tenant_created_idx on context (tenant_id, created_at desc, id desc);
create index context_tenant_user_idx on context (tenant_id, user_id);
create index context_tenant_agent_idx on context (tenant_id, agent_id);

create table memory (
    id                 uuid        primary key,
    tenant_id          text        not null,
    type_code          text        not null,
    context_id         uuid        references context (id) on delete set null,
    user_id            text,
    agent_id           text,
    title              text,
    content            text        not null,
    summary            text,
    structured_data    jsonb,
    keywords           text[]      not null default '{}',
    entities           text[]      not null default '{}',
    importance         real        not null default 0.5 check (importance between 0 and 1),
    confidence         real        not null default 1.0 check (confidence between 0 and 1),
    access_count       integer     not null default 0,
    last_accessed      timestamptz,
    learned_from       text,
    validation_status  text        not null default 'unvalidated'
                                   check (validation_status in ('unvalidated', 'validated', 'disputed', 'rejected')),
    expires_at         timestamptz,
    permanent          boolean     not null default false,
    metadata           jsonb       not null default '{}'::jsonb,
    occurred_at        timestamptz not null,
    created_at         timestamptz not null,
    updated_at         timestamptz not null,
    created_by         text,
    content_hash       text        not null,
    embedding          vector(${embedding_dimension}),
    embedding_model    text,
    search_vector      tsvector generated always as (
                           setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
                           setweight(to_tsvector('english', content), 'B') ||
                           setweight(to_tsvector('english', coalesce(summary, '') || ' '
                                                 || engram_text_array_to_string(keywords)), 'C')
                       ) stored,
    version            bigint      not null default 0
);

-- Vector search (cosine) and full text.
create index memory_embedding_hnsw_idx on memory using hnsw (embedding vector_cosine_ops) with (m = 16, ef_construction = 64);
create index memory_search_vector_idx on memory using gin (search_vector);
create index memory_metadata_idx on memory using gin (metadata jsonb_path_ops);
-- Filters and pagination; every one leads with the tenant.
create index memory_tenant_created_idx on memory (tenant_id, created_at desc, id desc);
create index memory_tenant_occurred_idx on memory (tenant_id, occurred_at desc);
create index memory_tenant_type_idx on memory (tenant_id, type_code);
create index memory_tenant_user_idx on memory (tenant_id, user_id);
create index memory_tenant_agent_idx on memory (tenant_id, agent_id);
create index memory_tenant_context_idx on memory (tenant_id, context_id);
create index memory_tenant_hash_idx on memory (tenant_id, content_hash);
create index memory_expires_idx on memory (expires_at) where expires_at is not null;
