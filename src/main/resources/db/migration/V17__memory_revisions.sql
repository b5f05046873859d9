-- Earlier versions of a memory: before a client's PATCH changes a memory, the memory as it was (the JSON a GET
-- answered) is kept here, so that an edit never loses what was stored before it (GET /v1/memories/{id}/revisions).
-- Changes made by maintenance (decay, consolidation) are not revisions. At most engram.memory.max-revisions are kept
-- per memory (oldest dropped first); they go with their memory when it is deleted, erased or cleaned up.
create table memory_revision (
    id          uuid        primary key,
    memory_id   uuid        not null references memory (id) on delete cascade,
    tenant_id   text        not null,
    version     bigint      not null,
    snapshot    jsonb       not null,
    replaced_at timestamptz not null,
    constraint memory_revision_unique unique (memory_id, version)
);
