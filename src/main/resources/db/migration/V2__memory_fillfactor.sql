-- Retrieval updates access_count / last_accessed on every hit (batched). Those columns are not indexed, so with free
-- space left in each page PostgreSQL can update in place (HOT) instead of inserting new entries into the HNSW, GIN
-- and b-tree indexes. Applies to pages written from now on.
alter table memory set (fillfactor = 80);
