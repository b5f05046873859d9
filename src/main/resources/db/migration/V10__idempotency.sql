-- Idempotency keys (issue 7): the first answer to a POST with an Idempotency-Key, replayed to retries.
-- scope is the tenant id ('' for the operator's admin key). A row is 'in_progress' while its request runs
-- (expires_at = claim time + engram.idempotency.in-progress-timeout, so that a crashed pod does not block the key
-- for ever), then 'done' with the stored answer (expires_at = completion + engram.idempotency.ttl).
create table idempotency_key (
    scope         text        not null,
    idem_key      text        not null,
    request_hash  bytea       not null,
    owner         uuid        not null,
    state         text        not null check (state in ('in_progress', 'done')),
    status        integer,
    content_type  text,
    location      text,
    etag          text,
    body          bytea,
    created_at    timestamptz not null,
    expires_at    timestamptz not null,
    primary key (scope, idem_key)
);

create index idempotency_key_expires_at on idempotency_key (expires_at);
