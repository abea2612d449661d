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
