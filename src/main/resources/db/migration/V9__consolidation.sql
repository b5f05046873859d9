-- Consolidation of near-duplicate memories: the merged-away memories are kept, pointing at their survivor.
-- A superseded memory is no longer searched or listed, but can still be read by id. When the survivor is deleted
-- (cleanup, DELETE), the memories it superseded go with it: they are part of it.
alter table memory
    add column superseded_by uuid references memory (id) on delete cascade,
    add column superseded_at timestamptz;
create index memory_superseded_by_idx on memory (superseded_by) where superseded_by is not null;

-- The groups a consolidation run found (survivor and superseded ids), also for dry runs.
alter table maintenance_run add column groups jsonb;
