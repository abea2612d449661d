-- Blajarplus core: accounts, moderation and the notification outbox.
-- SQLite twin of postgres/0004_accounts.sql.

-- At most one primary address per user (setting a new one clears the old one in the same
-- transaction; this index makes a concurrent second primary a conflict, not a fact).
CREATE UNIQUE INDEX user_addresses_one_primary ON user_addresses(user_id) WHERE is_primary = 1;

-- One unhandled report per reporter and target.
CREATE UNIQUE INDEX reports_one_open ON reports(reporter_user_id, target_type, target_id)
  WHERE status IN ('open', 'investigating');

-- Events for the host to deliver (push, email), written in the same transaction as what they
-- announce; claimed with a lease and acknowledged by the host: delivered at least once.
CREATE TABLE outbox_events (
  id TEXT PRIMARY KEY NOT NULL,
  topic TEXT NOT NULL,
  user_id TEXT CONSTRAINT outbox_events_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  delivered_at TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT outbox_events_topic_length_check CHECK (length(topic) <= 50),
  CONSTRAINT outbox_events_payload_json_check CHECK (json_valid(payload))
);
CREATE INDEX idx_outbox_undelivered ON outbox_events(created_at) WHERE delivered_at IS NULL;

-- The library stamps updated_at from its own Clock on every write. The 0001 triggers
-- replaced a value equal to the stored one with the database clock (two writes in one
-- instant of a fixed clock), so the database, not the library, decided "now": dropped.
DROP TRIGGER IF EXISTS bookings_set_updated_at;
DROP TRIGGER IF EXISTS conversations_set_updated_at;
DROP TRIGGER IF EXISTS lesson_packages_set_updated_at;
DROP TRIGGER IF EXISTS package_purchases_set_updated_at;
DROP TRIGGER IF EXISTS payment_transactions_set_updated_at;
DROP TRIGGER IF EXISTS payment_transactions_set_updated_at;
DROP TRIGGER IF EXISTS progress_logs_set_updated_at;
DROP TRIGGER IF EXISTS reports_set_updated_at;
DROP TRIGGER IF EXISTS reviews_set_updated_at;
DROP TRIGGER IF EXISTS subject_categories_set_updated_at;
DROP TRIGGER IF EXISTS subjects_set_updated_at;
DROP TRIGGER IF EXISTS tutor_availabilities_set_updated_at;
DROP TRIGGER IF EXISTS tutor_documents_set_updated_at;
DROP TRIGGER IF EXISTS tutor_profiles_set_updated_at;
DROP TRIGGER IF EXISTS tutor_subjects_set_updated_at;
DROP TRIGGER IF EXISTS user_addresses_set_updated_at;
DROP TRIGGER IF EXISTS users_set_updated_at;
DROP TRIGGER IF EXISTS wallets_set_updated_at;
DROP TRIGGER IF EXISTS withdrawal_requests_set_updated_at;
