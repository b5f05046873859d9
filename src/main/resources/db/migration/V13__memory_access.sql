-- Access statistics move out of the memory row into a narrow side table. Retrieval bumps them for every hit (batched
-- once a second by AccessTracker); on the wide memory row (content, tsvector, embedding: 1-2 KB) about one update in
-- ten could not stay on its page (non-HOT), and each of those re-inserted the row into the HNSW, GIN and b-tree
-- indexes: at 100k memories the flush cost ~0.25-0.8 s of database CPU per second of searching (docs/benchmarks.md).
-- A memory_access row is ~50 bytes and has one index, so a flush is a small upsert. A memory without a row here has
-- never been retrieved (access count 0, never accessed).
create table memory_access (
    memory_id     uuid    primary key references memory (id) on delete cascade,
    access_count  integer not null default 0,
    last_accessed timestamptz
) with (fillfactor = 70);

insert into memory_access (memory_id, access_count, last_accessed)
select id, access_count, last_accessed from memory where access_count <> 0 or last_accessed is not null;

alter table memory drop column access_count, drop column last_accessed;

-- V2 left 20 % of every memory page free for those in-place updates; memory rows now change only through edits and
-- maintenance, so new pages are filled completely again.
alter table memory reset (fillfactor);
