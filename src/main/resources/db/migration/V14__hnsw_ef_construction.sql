-- HNSW graphs are built with a candidate list of 128 instead of pgvector's default 64 (ef_construction). On the
-- 100k synthetic corpus of bench/Scale.java (docs/benchmarks.md, 2026-12-06) recall@10 against exact search rose
-- from 0.930 to 0.974 at ef_search 100 and from 0.963 to 0.983 at ef_search 200, for 2.7 instead of 1.8 ms of
-- database CPU per inserted vector; m = 24 recalled no more and cost more.
-- pgvector reads ef_construction from the index options at every insert, so this takes effect at once for new and
-- changed rows without rebuilding anything (changing m would need a rebuild: it is fixed in the graph). Rows that
-- are already indexed keep their links until the index is rebuilt, e.g. REINDEX INDEX CONCURRENTLY
-- memory_embedding_hnsw_idx in a quiet hour (docs/deploy.md).
alter index memory_embedding_hnsw_idx set (ef_construction = 128);
alter index knowledge_embedding_hnsw_idx set (ef_construction = 128);
alter index experience_embedding_hnsw_idx set (ef_construction = 128);
