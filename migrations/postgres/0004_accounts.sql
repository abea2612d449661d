-- Blajarplus core: accounts, moderation and the notification outbox.

-- At most one primary address per user (setting a new one clears the old one in the same
-- transaction; this index makes a concurrent second primary a conflict, not a fact).
CREATE UNIQUE INDEX user_addresses_one_primary ON user_addresses(user_id) WHERE is_primary;

-- One unhandled report per reporter and target.
CREATE UNIQUE INDEX reports_one_open ON reports(reporter_user_id, target_type, target_id)
  WHERE status IN ('open', 'investigating');

-- Events for the host to deliver (push, email), written in the same transaction as what they
-- announce; claimed with a lease and acknowledged by the host: delivered at least once.
CREATE TABLE outbox_events (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  topic VARCHAR(50) NOT NULL,
  user_id UUID CONSTRAINT outbox_events_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  payload JSONB NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  locked_until TIMESTAMPTZ,
  delivered_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_outbox_undelivered ON outbox_events(created_at) WHERE delivered_at IS NULL;

-- The library stamps updated_at from its own Clock on every write. The 0001 triggers
-- replaced a value equal to the stored one with the database clock (two writes in one
-- instant of a fixed clock), so the database, not the library, decided "now": dropped.
DROP TRIGGER IF EXISTS bookings_set_updated_at ON bookings;
DROP TRIGGER IF EXISTS conversations_set_updated_at ON conversations;
DROP TRIGGER IF EXISTS lesson_packages_set_updated_at ON lesson_packages;
DROP TRIGGER IF EXISTS package_purchases_set_updated_at ON package_purchases;
DROP TRIGGER IF EXISTS payment_transactions_set_updated_at ON payment_transactions;
DROP TRIGGER IF EXISTS progress_logs_set_updated_at ON progress_logs;
DROP TRIGGER IF EXISTS reports_set_updated_at ON reports;
DROP TRIGGER IF EXISTS reviews_set_updated_at ON reviews;
DROP TRIGGER IF EXISTS subject_categories_set_updated_at ON subject_categories;
DROP TRIGGER IF EXISTS subjects_set_updated_at ON subjects;
DROP TRIGGER IF EXISTS tutor_availabilities_set_updated_at ON tutor_availabilities;
DROP TRIGGER IF EXISTS tutor_documents_set_updated_at ON tutor_documents;
DROP TRIGGER IF EXISTS tutor_profiles_set_updated_at ON tutor_profiles;
DROP TRIGGER IF EXISTS tutor_subjects_set_updated_at ON tutor_subjects;
DROP TRIGGER IF EXISTS user_addresses_set_updated_at ON user_addresses;
DROP TRIGGER IF EXISTS users_set_updated_at ON users;
DROP TRIGGER IF EXISTS wallets_set_updated_at ON wallets;
DROP TRIGGER IF EXISTS withdrawal_requests_set_updated_at ON withdrawal_requests;
DROP FUNCTION IF EXISTS blajarplus_set_updated_at();
