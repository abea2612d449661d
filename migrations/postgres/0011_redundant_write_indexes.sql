-- Blajarplus core: drops eleven indexes of 0001 that no query needs, each paid by every write
-- of the busiest tables (a booking's every status change, every ledger entry, every
-- notification). They came with the ERD.
--
-- A prefix of another index on the same table, which serves every read it served:
--   idx_bookings_tutor_id     (tutor_profile_id)  ⊂ idx_bookings_tutor_start (tutor_profile_id, start_at)
--   idx_bookings_student_id   (student_id)        ⊂ idx_bookings_student_start (student_id, start_at)
--   idx_bookings_status       (status)            ⊂ idx_bookings_due (status, end_at)
--   idx_ledger_wallet_id      (wallet_id)         ⊂ idx_ledger_wallet_created (wallet_id, created_at)
--   idx_notifications_user_id (user_id)           ⊂ idx_notifications_user_created (user_id, created_at DESC)
-- Read by no query of the library (a whole-table listing in time order is for tests only, at
-- test scale; a boolean alone never makes a selective index — unread counts use
-- idx_notifications_user_unread):
--   idx_bookings_created_at, idx_ledger_type, idx_ledger_created_at, idx_notifications_is_read,
--   idx_notifications_created_at, idx_status_logs_created_at
-- A status change of a booking cannot be an in-place (HOT) update on PostgreSQL (status is
-- indexed), so each dropped booking index was one fewer index entry per lifecycle step.
DROP INDEX IF EXISTS idx_bookings_tutor_id;
DROP INDEX IF EXISTS idx_bookings_student_id;
DROP INDEX IF EXISTS idx_bookings_status;
DROP INDEX IF EXISTS idx_bookings_created_at;
DROP INDEX IF EXISTS idx_ledger_wallet_id;
DROP INDEX IF EXISTS idx_ledger_type;
DROP INDEX IF EXISTS idx_ledger_created_at;
DROP INDEX IF EXISTS idx_notifications_user_id;
DROP INDEX IF EXISTS idx_notifications_is_read;
DROP INDEX IF EXISTS idx_notifications_created_at;
DROP INDEX IF EXISTS idx_status_logs_created_at;
