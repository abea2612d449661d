-- Blajarplus core: tutor search documents (see migrations/postgres/0005_search.sql for why the
-- library tokenises the text itself). The same table as on PostgreSQL; the full-text index is
-- an FTS5 table kept by triggers, holding the three fields as one document.
CREATE TABLE tutor_search_documents (
  tutor_profile_id TEXT PRIMARY KEY NOT NULL CONSTRAINT tutor_search_documents_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  headline_terms TEXT NOT NULL,
  bio_terms TEXT NOT NULL,
  subject_terms TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Spellings all start with 'w', so one typed character is a two-character prefix.
CREATE VIRTUAL TABLE tutor_search_documents_fts USING fts5(
  tutor_profile_id UNINDEXED, terms, tokenize = 'unicode61', prefix = '2 3 4');
CREATE TRIGGER tutor_search_documents_fts_insert AFTER INSERT ON tutor_search_documents BEGIN
  INSERT INTO tutor_search_documents_fts (tutor_profile_id, terms)
  VALUES (NEW.tutor_profile_id, NEW.headline_terms || ' ' || NEW.bio_terms || ' ' || NEW.subject_terms);
END;
CREATE TRIGGER tutor_search_documents_fts_update AFTER UPDATE ON tutor_search_documents BEGIN
  DELETE FROM tutor_search_documents_fts WHERE tutor_profile_id = OLD.tutor_profile_id;
  INSERT INTO tutor_search_documents_fts (tutor_profile_id, terms)
  VALUES (NEW.tutor_profile_id, NEW.headline_terms || ' ' || NEW.bio_terms || ' ' || NEW.subject_terms);
END;
CREATE TRIGGER tutor_search_documents_fts_delete AFTER DELETE ON tutor_search_documents BEGIN
  DELETE FROM tutor_search_documents_fts WHERE tutor_profile_id = OLD.tutor_profile_id;
END;
