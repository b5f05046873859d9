-- Learning patterns: behavioural, temporal, preference, error, success, … patterns of a user or agent, with
-- conditions and actions, and statistics maintained by POST /v1/patterns/{id}/applications.
create table learning_pattern (
    id                uuid        primary key,
    tenant_id         text        not null,
    name              text        not null,
    pattern_type      text        not null check (pattern_type ~ '^[a-z][a-z0-9_-]{0,63}$'),
    description       text,
    user_id           text,
    agent_id          text,
    conditions        jsonb       not null default '{}'::jsonb,
    actions           jsonb       not null default '{}'::jsonb,
    pattern_data      jsonb       not null default '{}'::jsonb,
    -- The confidence the pattern was given (the prior); confidence is recomputed from it and the outcomes.
    prior_confidence  real        not null check (prior_confidence between 0 and 1),
    confidence        real        not null check (confidence between 0 and 1),
    support           integer     not null default 0 check (support >= 0),
    frequency         integer     not null default 0 check (frequency >= 0),
    applied_count     bigint      not null default 0 check (applied_count >= 0),
    success_count     bigint      not null default 0 check (success_count between 0 and applied_count),
    success_rate      real        check (success_rate between 0 and 1),
    last_applied      timestamptz,
    active            boolean     not null default true,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    version           bigint      not null default 0
);
create index learning_pattern_tenant_created_idx on learning_pattern (tenant_id, created_at desc, id desc);
create index learning_pattern_tenant_type_idx on learning_pattern (tenant_id, pattern_type);
create index learning_pattern_tenant_user_idx on learning_pattern (tenant_id, user_id);
create index learning_pattern_tenant_agent_idx on learning_pattern (tenant_id, agent_id);
