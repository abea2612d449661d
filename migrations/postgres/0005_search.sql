-- Blajarplus core: tutor search documents.
--
-- What a word is must not depend on the database: PostgreSQL's parser and SQLite's FTS5
-- tokenizer split and fold text differently. So the library tokenises headline, bio and subject
-- names itself (core/src/search.rs) and keeps the result here, one row per tutor profile, as
-- space-separated ASCII spellings that both parsers read as exactly one token each. This table
-- only feeds the full-text index; relevance is computed by the library from the three fields.
-- Rows are written by the library (profile and subject changes, Marketplace::rebuild_search_index
-- for rows written by other tools); the 0001 indexes on tutor_profiles/subjects stay for them.
CREATE TABLE tutor_search_documents (
  tutor_profile_id UUID PRIMARY KEY CONSTRAINT tutor_search_documents_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  headline_terms TEXT NOT NULL,
  bio_terms TEXT NOT NULL,
  subject_terms TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

-- Queries must use exactly this expression to hit the index ('simple': no stemming, no stop
-- words; the spellings are already folded).
CREATE INDEX idx_tutor_search_documents_terms ON tutor_search_documents USING gin
  (to_tsvector('simple', headline_terms || ' ' || bio_terms || ' ' || subject_terms));
