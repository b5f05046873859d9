-- Knowledge base: curated, versioned entries (facts, rules, procedures, concepts, FAQs, …) with semantic and tag
-- search. ${embedding_dimension} is the configured model's dimension, as for memory.embedding.
create table knowledge_entry (
    id              uuid        primary key,
    tenant_id       text        not null,
    name            text        not null,
    knowledge_type  text        not null check (knowledge_type ~ '^[a-z][a-z0-9_-]{0,63}$'),
    domain          text,
    description     text,
    content         jsonb       not null default '{}'::jsonb,
    rules           text[]      not null default '{}',
    examples        jsonb       not null default '[]'::jsonb,
    categories      text[]      not null default '{}',
    tags            text[]      not null default '{}',
    accuracy        real        not null default 1.0 check (accuracy between 0 and 1),
    completeness    real        not null default 1.0 check (completeness between 0 and 1),
    reliability     real        not null default 1.0 check (reliability between 0 and 1),
    usage_count     integer     not null default 0,
    last_used       timestamptz,
    active          boolean     not null default true,
    created_by      text,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    embedding       vector(${embedding_dimension}),
    embedding_model text,
    version         bigint      not null default 1
);
create index knowledge_embedding_hnsw_idx on knowledge_entry using hnsw (embedding vector_cosine_ops)
    with (m = 16, ef_construction = 64);
create index knowledge_tags_idx on knowledge_entry using gin (tags);
create index knowledge_tenant_created_idx on knowledge_entry (tenant_id, created_at desc, id desc);
create index knowledge_tenant_domain_idx on knowledge_entry (tenant_id, domain);
create index knowledge_tenant_type_idx on knowledge_entry (tenant_id, knowledge_type);

-- Every version of every entry (the current one included): a JSON snapshot of the entry as written.
create table knowledge_version (
    id          uuid        primary key,
    entry_id    uuid        not null references knowledge_entry (id) on delete cascade,
    tenant_id   text        not null,
    version     bigint      not null,
    snapshot    jsonb       not null,
    created_at  timestamptz not null,
    constraint knowledge_version_unique unique (entry_id, version)
);
