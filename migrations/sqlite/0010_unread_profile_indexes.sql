-- Blajarplus core: drops three partial indexes of 0001 that nothing reads any more. They came
-- from the ERD's performance suggestions for searching tutor_profiles directly; since 0009 every
-- search reads tutor_search_offerings / tutor_search_documents instead (idx_scan stayed 0 under
-- the benchmark). Keeping them cost every profile write: idx_tutor_profiles_active_rating holds
-- completed_lessons_count, so counting each completed lesson could never be an in-place (HOT)
-- update on PostgreSQL and rewrote an entry in every index of the table.
DROP INDEX IF EXISTS idx_tutor_profiles_active_rating;
DROP INDEX IF EXISTS idx_tutor_profiles_active_city_rate;
DROP INDEX IF EXISTS idx_tutor_profiles_active_verified;
