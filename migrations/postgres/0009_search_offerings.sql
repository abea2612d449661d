-- Blajarplus core: the search table. One row per bookable offering (an active tutor subject of
-- an active subject, taught by an active profile of an active account) with what every search
-- filter and order reads, so that a search is one index-ordered scan that stops after the page:
--   * price_minor: the effective price (the offering's override, else the hourly rate) in
--     minor units (cents), an exact integer on both databases, so money is compared and
--     ordered exactly without REAL and without SQLite comparing decimal TEXT as text;
--   * the *_rank columns hold the tutor's order keys negated (best or newest first = smallest),
--     so every order is ascending and a page cursor is one row-value comparison an index can
--     start from: rating_rank = -rating_avg x 10, ratings_rank = -rating_count,
--     lessons_rank = -completed_lessons_count, newest_rank = -created_at in microseconds;
--   * city_key: the base city folded by the library's word rule (case, diacritics, spacing);
--   * online/offline: the teaching modes as the mode filter reads them ('both' counts as both);
--   * lat/lng: the primary address as the library reads it, for the coarse radius pre-filter
--     (the exact distance is computed by the library).
-- Rows are derived data, written only by the library: in the transaction of every write to the
-- tables they come from, and by Marketplace::rebuild_search_index; the upgrade to this version
-- fills them when the store migrates.
CREATE TABLE tutor_search_offerings (
  tutor_subject_id UUID PRIMARY KEY CONSTRAINT tutor_search_offerings_tutor_subject_id_fkey REFERENCES tutor_subjects(id) ON DELETE CASCADE,
  tutor_profile_id UUID NOT NULL CONSTRAINT tutor_search_offerings_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  subject_id UUID NOT NULL CONSTRAINT tutor_search_offerings_subject_id_fkey REFERENCES subjects(id) ON DELETE CASCADE,
  level VARCHAR(20),
  price_minor BIGINT NOT NULL,
  rating_rank INTEGER NOT NULL,
  ratings_rank INTEGER NOT NULL,
  lessons_rank INTEGER NOT NULL,
  newest_rank BIGINT NOT NULL,
  is_verified BOOLEAN NOT NULL,
  city_key TEXT NOT NULL,
  online BOOLEAN NOT NULL,
  offline BOOLEAN NOT NULL,
  lat DOUBLE PRECISION,
  lng DOUBLE PRECISION
);

CREATE INDEX idx_tutor_search_offerings_tutor ON tutor_search_offerings(tutor_profile_id);
-- By subject in rating order (the common search), and by subject and city (the narrow one);
-- the filtered and returned columns ride along so the scan needs no table access. No index
-- leads with price: a prepared statement's generic plan takes any price range for a narrow
-- one and preferred such an index to these (measured: 4.6 ms against 0.4 ms).
CREATE INDEX idx_tutor_search_offerings_subject_rating ON tutor_search_offerings
  (subject_id, rating_rank, ratings_rank, lessons_rank, tutor_profile_id)
  INCLUDE (level, price_minor, is_verified, city_key, online, offline, lat, lng);
CREATE INDEX idx_tutor_search_offerings_subject_city_rating ON tutor_search_offerings
  (subject_id, city_key, rating_rank, ratings_rank, lessons_rank, tutor_profile_id)
  INCLUDE (level, price_minor, is_verified, online, offline, lat, lng);
-- Every other order, without a subject.
CREATE INDEX idx_tutor_search_offerings_rating ON tutor_search_offerings
  (rating_rank, ratings_rank, lessons_rank, tutor_profile_id);
CREATE INDEX idx_tutor_search_offerings_lessons ON tutor_search_offerings
  (lessons_rank, rating_rank, tutor_profile_id);
CREATE INDEX idx_tutor_search_offerings_newest ON tutor_search_offerings
  (newest_rank, tutor_profile_id);

-- The same per-tutor values on the tutor's search document, so that a text search without an
-- offering filter (subject, level, price) reads one row per tutor found by the full-text index
-- and joins nothing (measured at 100k tutors, "matematika": 100 ms through the offerings,
-- see BENCHMARKS.md for the figure without). price_minor here is the tutor's lowest price of
-- any active offering; bookable is false (and the rest NULL) when the tutor has no search rows.
ALTER TABLE tutor_search_documents
  ADD COLUMN bookable BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN price_minor BIGINT,
  ADD COLUMN rating_rank INTEGER,
  ADD COLUMN ratings_rank INTEGER,
  ADD COLUMN lessons_rank INTEGER,
  ADD COLUMN newest_rank BIGINT,
  ADD COLUMN is_verified BOOLEAN,
  ADD COLUMN city_key TEXT,
  ADD COLUMN online BOOLEAN,
  ADD COLUMN offline BOOLEAN,
  ADD COLUMN lat DOUBLE PRECISION,
  ADD COLUMN lng DOUBLE PRECISION;
