-- Blajarplus core: nothing to do on PostgreSQL. SQLite's 0008 makes its FTS5 index findable
-- by tutor (see migrations/sqlite/0008_search_fts_ids.sql); the GIN index here needs no such
-- map. The version exists on both so that both schemas carry the same migration history.
SELECT 1;
