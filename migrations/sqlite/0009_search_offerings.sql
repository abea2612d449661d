-- Blajarplus core: the search table (see migrations/postgres/0009_search_offerings.sql for what
-- each column holds and why). The same table and indexes as on PostgreSQL; SQLite has no
-- INCLUDE, so the filtered columns close the index keys instead (after the unique tutor id
-- they change no order). price_minor and the ranks are INTEGER: exact, never REAL; lat/lng are
-- REAL because they only feed the coarse radius pre-filter.
CREATE TABLE tutor_search_offerings (
  tutor_subject_id TEXT PRIMARY KEY NOT NULL CONSTRAINT tutor_search_offerings_tutor_subject_id_fkey REFERENCES tutor_subjects(id) ON DELETE CASCADE,
  tutor_profile_id TEXT NOT NULL CONSTRAINT tutor_search_offerings_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  subject_id TEXT NOT NULL CONSTRAINT tutor_search_offerings_subject_id_fkey REFERENCES subjects(id) ON DELETE CASCADE,
  level TEXT,
  price_minor INTEGER NOT NULL,
  rating_rank INTEGER NOT NULL,
  ratings_rank INTEGER NOT NULL,
  lessons_rank INTEGER NOT NULL,
  newest_rank INTEGER NOT NULL,
  is_verified BOOLEAN NOT NULL,
  city_key TEXT NOT NULL,
  online BOOLEAN NOT NULL,
  offline BOOLEAN NOT NULL,
  lat REAL,
  lng REAL
);

CREATE INDEX idx_tutor_search_offerings_tutor ON tutor_search_offerings(tutor_profile_id);
CREATE INDEX idx_tutor_search_offerings_subject_rating ON tutor_search_offerings
  (subject_id, rating_rank, ratings_rank, lessons_rank, tutor_profile_id,
   level, price_minor, is_verified, city_key, online, offline, lat, lng);
CREATE INDEX idx_tutor_search_offerings_subject_city_rating ON tutor_search_offerings
  (subject_id, city_key, rating_rank, ratings_rank, lessons_rank, tutor_profile_id,
   level, price_minor, is_verified, online, offline, lat, lng);
CREATE INDEX idx_tutor_search_offerings_rating ON tutor_search_offerings
  (rating_rank, ratings_rank, lessons_rank, tutor_profile_id);
CREATE INDEX idx_tutor_search_offerings_lessons ON tutor_search_offerings
  (lessons_rank, rating_rank, tutor_profile_id);
CREATE INDEX idx_tutor_search_offerings_newest ON tutor_search_offerings
  (newest_rank, tutor_profile_id);

-- The per-tutor values on the search document (see the PostgreSQL migration).
ALTER TABLE tutor_search_documents ADD COLUMN bookable BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tutor_search_documents ADD COLUMN price_minor INTEGER;
ALTER TABLE tutor_search_documents ADD COLUMN rating_rank INTEGER;
ALTER TABLE tutor_search_documents ADD COLUMN ratings_rank INTEGER;
ALTER TABLE tutor_search_documents ADD COLUMN lessons_rank INTEGER;
ALTER TABLE tutor_search_documents ADD COLUMN newest_rank INTEGER;
ALTER TABLE tutor_search_documents ADD COLUMN is_verified BOOLEAN;
ALTER TABLE tutor_search_documents ADD COLUMN city_key TEXT;
ALTER TABLE tutor_search_documents ADD COLUMN online BOOLEAN;
ALTER TABLE tutor_search_documents ADD COLUMN offline BOOLEAN;
ALTER TABLE tutor_search_documents ADD COLUMN lat REAL;
ALTER TABLE tutor_search_documents ADD COLUMN lng REAL;
-- The full-text index follows the three text fields only: the values above change with every
-- lesson and review and must not rewrite the FTS5 row.
DROP TRIGGER tutor_search_documents_fts_update;
CREATE TRIGGER tutor_search_documents_fts_update
AFTER UPDATE OF headline_terms, bio_terms, subject_terms ON tutor_search_documents BEGIN
  DELETE FROM tutor_search_documents_fts WHERE rowid =
    (SELECT fts_rowid FROM tutor_search_documents_fts_ids WHERE tutor_profile_id = OLD.tutor_profile_id);
  DELETE FROM tutor_search_documents_fts_ids WHERE tutor_profile_id = OLD.tutor_profile_id;
  INSERT INTO tutor_search_documents_fts (tutor_profile_id, terms)
  VALUES (NEW.tutor_profile_id, NEW.headline_terms || ' ' || NEW.bio_terms || ' ' || NEW.subject_terms);
  INSERT INTO tutor_search_documents_fts_ids (tutor_profile_id, fts_rowid)
  VALUES (NEW.tutor_profile_id, last_insert_rowid());
END;
