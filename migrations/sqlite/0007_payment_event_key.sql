-- Blajarplus core: payment events are unique per (payment, dedup key) — see
-- migrations/postgres/0007_payment_event_key.sql for why. SQLite cannot drop a UNIQUE
-- constraint, so the table is rebuilt (nothing references payment_events).
CREATE TABLE payment_events_new (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  payment_transaction_id TEXT NOT NULL CONSTRAINT payment_events_payment_transaction_id_fkey
    REFERENCES payment_transactions(id) ON DELETE CASCADE,
  dedup_key TEXT NOT NULL,
  status TEXT NOT NULL CONSTRAINT payment_events_status_check
    CHECK (status IN ('pending', 'paid', 'failed', 'expired', 'refunded')),
  raw_payload TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT payment_events_payment_transaction_id_dedup_key_key UNIQUE (payment_transaction_id, dedup_key),
  CONSTRAINT payment_events_dedup_key_length_check CHECK (length(dedup_key) <= 255),
  CONSTRAINT payment_events_raw_payload_json_check CHECK (raw_payload IS NULL OR json_valid(raw_payload))
);
INSERT INTO payment_events_new SELECT * FROM payment_events;
DROP TABLE payment_events;
ALTER TABLE payment_events_new RENAME TO payment_events;
