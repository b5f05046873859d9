-- Tenants and their API keys. A key is shown once when it is created; only the SHA-256 of its secret part is kept.
-- Every /v1 call authenticates with a key, and the key alone decides the tenant.

create table tenant (
    id          text        primary key check (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$' and id <> '_system'),
    name        text        not null,
    active      boolean     not null default true,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

create table api_key (
    id            uuid        primary key,
    tenant_id     text        not null references tenant (id) on delete cascade,
    name          text        not null,
    secret_hash   bytea       not null check (length(secret_hash) = 32),
    scopes        text[]      not null check (scopes <@ array['read', 'write', 'admin']::text[] and cardinality(scopes) > 0),
    created_at    timestamptz not null default now(),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    last_used_at  timestamptz
);

create index api_key_tenant_idx on api_key (tenant_id, created_at);
