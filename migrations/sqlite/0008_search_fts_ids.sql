-- Blajarplus core: keep the full-text index's rows findable by tutor. FTS5 can only find a row
-- fast by its rowid; the 0005 triggers deleted by tutor_profile_id, a scan of the whole index
-- for every document update or delete (measured: rebuilding 10,000 existing documents took
-- 43 s, and every profile edit cost a scan that grows with the catalogue). This table maps each
-- tutor to its FTS5 rowid (FTS5 keeps its rowids through VACUUM; the documents table's own
-- rowid would not be stable), and the triggers go through it. Part of the full-text index, like
-- the FTS5 table itself: PostgreSQL's GIN index needs nothing of the kind.
CREATE TABLE tutor_search_documents_fts_ids (
  tutor_profile_id TEXT PRIMARY KEY NOT NULL,
  fts_rowid INTEGER NOT NULL
);
INSERT INTO tutor_search_documents_fts_ids (tutor_profile_id, fts_rowid)
  SELECT tutor_profile_id, rowid FROM tutor_search_documents_fts;

DROP TRIGGER tutor_search_documents_fts_insert;
DROP TRIGGER tutor_search_documents_fts_update;
DROP TRIGGER tutor_search_documents_fts_delete;
CREATE TRIGGER tutor_search_documents_fts_insert AFTER INSERT ON tutor_search_documents BEGIN
  INSERT INTO tutor_search_documents_fts (tutor_profile_id, terms)
  VALUES (NEW.tutor_profile_id, NEW.headline_terms || ' ' || NEW.bio_terms || ' ' || NEW.subject_terms);
  INSERT INTO tutor_search_documents_fts_ids (tutor_profile_id, fts_rowid)
  VALUES (NEW.tutor_profile_id, last_insert_rowid());
END;
CREATE TRIGGER tutor_search_documents_fts_update AFTER UPDATE ON tutor_search_documents BEGIN
  DELETE FROM tutor_search_documents_fts WHERE rowid =
    (SELECT fts_rowid FROM tutor_search_documents_fts_ids WHERE tutor_profile_id = OLD.tutor_profile_id);
  DELETE FROM tutor_search_documents_fts_ids WHERE tutor_profile_id = OLD.tutor_profile_id;
  INSERT INTO tutor_search_documents_fts (tutor_profile_id, terms)
  VALUES (NEW.tutor_profile_id, NEW.headline_terms || ' ' || NEW.bio_terms || ' ' || NEW.subject_terms);
  INSERT INTO tutor_search_documents_fts_ids (tutor_profile_id, fts_rowid)
  VALUES (NEW.tutor_profile_id, last_insert_rowid());
END;
CREATE TRIGGER tutor_search_documents_fts_delete AFTER DELETE ON tutor_search_documents BEGIN
  DELETE FROM tutor_search_documents_fts WHERE rowid =
    (SELECT fts_rowid FROM tutor_search_documents_fts_ids WHERE tutor_profile_id = OLD.tutor_profile_id);
  DELETE FROM tutor_search_documents_fts_ids WHERE tutor_profile_id = OLD.tutor_profile_id;
END;
