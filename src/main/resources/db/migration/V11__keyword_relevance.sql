-- Keyword relevance: a search context indexed with the content, and the statistics BM25 needs.

-- Text that situates a memory (the turn before a conversation turn, a chunk's document title). It is part of the
-- full-text vector (weight D) but not of the content, the content hash or the embedding.
alter table memory add column search_context text;

-- A generated column's expression cannot be altered in PostgreSQL 15: drop and add it again (rewrites the table).
drop index if exists memory_search_vector_idx;
alter table memory drop column search_vector;
alter table memory add column search_vector tsvector generated always as (
    setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english', content), 'B') ||
    setweight(to_tsvector('english', coalesce(summary, '') || ' ' || engram_text_array_to_string(keywords)), 'C') ||
    setweight(to_tsvector('english', coalesce(search_context, '')), 'D')
) stored;
create index memory_search_vector_idx on memory using gin (search_vector);

-- Per-tenant document frequencies of the lexemes of searchable memories, refreshed from ts_stat() (like ANALYZE:
-- statistics, eventually consistent). They give keyword search its inverse document frequency.
create table keyword_corpus (
    tenant_id     text        primary key,
    documents     integer     not null,
    avg_length    real        not null,
    refreshed_at  timestamptz not null
);
create table keyword_lexeme (
    tenant_id  text    not null,
    lexeme     text    not null,
    documents  integer not null,
    primary key (tenant_id, lexeme)
);

-- Okapi BM25 of one document for a query given as its lexemes and their inverse document frequencies. The term
-- frequency is the number of positions of the lexeme in the document; the length is its number of lexemes.
create function engram_bm25(doc tsvector, lexemes text[], idfs float8[], avg_length float8, k1 float8, b float8)
    returns float8 language sql immutable parallel safe as $$
    select coalesce(sum(q.idf * t.n * (k1 + 1)
                        / (t.n + k1 * (1 - b + b * case when avg_length > 0 then length(doc) / avg_length else 1 end))), 0)
    from unnest(doc) u
    join unnest(lexemes, idfs) as q (lexeme, idf) on q.lexeme = u.lexeme
    cross join lateral (select coalesce(array_length(u.positions, 1), 1)::float8 as n) t
$$;
