-- Experiences: attempts to resolve an issue (e.g. an AI fixing a model's bad output) with their outcome, and the
-- issue patterns aggregated from them by signature (maintained in the same transaction as each write).
create table experience (
    id                uuid        primary key,
    tenant_id         text        not null,
    subject           text        not null,
    subject_family    text        not null,
    issue_type        text        not null,
    description       text        not null,
    prompt            text,
    response          text,
    response_length   integer     not null default 0 check (response_length >= 0),
    actor             text,
    analysis          text,
    actions           text[]      not null default '{}',
    success           boolean     not null,
    verified          boolean     not null default false,
    duration_seconds  double precision check (duration_seconds >= 0),
    environment       jsonb       not null default '{}'::jsonb,
    notes             text,
    signature         text        not null,
    occurred_at       timestamptz not null,
    created_at        timestamptz not null,
    embedding         vector(${embedding_dimension}),
    embedding_model   text
);
create index experience_embedding_hnsw_idx on experience using hnsw (embedding vector_cosine_ops) with (m = 16, ef_construction = 64);
create index experience_tenant_created_idx on experience (tenant_id, created_at desc, id desc);
create index experience_tenant_signature_idx on experience (tenant_id, signature, success, occurred_at desc);
create index experience_tenant_subject_idx on experience (tenant_id, subject, issue_type, occurred_at desc);
create index experience_tenant_type_idx on experience (tenant_id, issue_type, occurred_at desc);
create index experience_tenant_occurred_idx on experience (tenant_id, occurred_at desc);

create table issue_pattern (
    tenant_id         text        not null,
    signature         text        not null,
    issue_type        text        not null,
    subject_family    text        not null,
    attempts          integer     not null check (attempts > 0),
    success_count     integer     not null check (success_count >= 0),
    failure_count     integer     not null check (failure_count >= 0),
    -- The action list that succeeded most often for this signature (ties: the most recent success).
    best_actions      text[],
    best_actions_successes integer not null default 0,
    confidence        real        not null check (confidence between 0 and 1),
    first_seen        timestamptz not null,
    last_seen         timestamptz not null,
    primary key (tenant_id, signature)
);
create index issue_pattern_tenant_type_idx on issue_pattern (tenant_id, issue_type, attempts desc);
