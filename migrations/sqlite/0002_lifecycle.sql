-- Blajarplus core: what the booking lifecycle, payments and the escrow ledger need on top of
-- the ERD (SQLite twin of migrations/postgres/0002_lifecycle.sql: same tables, columns and
-- constraint names). Only additions: nothing of 0001 is dropped or narrowed.

-- Date overrides: a local date with other hours than the weekly rules, or closed (both NULL).
CREATE TABLE tutor_date_overrides (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  tutor_profile_id TEXT NOT NULL CONSTRAINT tutor_date_overrides_tutor_profile_id_fkey
    REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  start_time TEXT,
  end_time TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT tutor_date_overrides_time_range_check CHECK (
    (start_time IS NULL AND end_time IS NULL)
    OR (start_time IS NOT NULL AND end_time IS NOT NULL AND end_time > start_time))
);
CREATE INDEX idx_date_overrides_tutor_date ON tutor_date_overrides(tutor_profile_id, date);

-- Bookings: a held reschedule proposal, who asked, the package a session came from, and when
-- the reminder went out. (SQLite adds a CHECK only with its column, hence its place.)
ALTER TABLE bookings ADD COLUMN proposed_start_at TEXT;
ALTER TABLE bookings ADD COLUMN proposed_end_at TEXT
  CONSTRAINT bookings_proposed_time_range_check CHECK (proposed_end_at > proposed_start_at);
ALTER TABLE bookings ADD COLUMN reschedule_requested_by TEXT
  CONSTRAINT bookings_reschedule_requested_by_fkey REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE bookings ADD COLUMN package_purchase_id TEXT
  CONSTRAINT bookings_package_purchase_id_fkey REFERENCES package_purchases(id) ON DELETE SET NULL;
ALTER TABLE bookings ADD COLUMN reminder_sent_at TEXT;
CREATE INDEX idx_bookings_due ON bookings(status, end_at);

-- Ledger system accounts (see the PostgreSQL file for why they are wallets of system users).
ALTER TABLE wallets ADD COLUMN kind TEXT NOT NULL DEFAULT 'user'
  CONSTRAINT wallets_kind_check CHECK (kind IN ('user', 'gateway', 'escrow', 'platform'));

INSERT INTO users (id, full_name, role, status, created_at, updated_at) VALUES
  ('00000000-0000-7000-8000-000000000001', 'Blajarplus system: payment gateway', 'admin', 'suspended',
   strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  ('00000000-0000-7000-8000-000000000002', 'Blajarplus system: escrow', 'admin', 'suspended',
   strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  ('00000000-0000-7000-8000-000000000003', 'Blajarplus system: platform revenue', 'admin', 'suspended',
   strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'));
INSERT INTO wallets (id, user_id, balance, currency, kind, created_at, updated_at) VALUES
  ('00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-000000000001', '0.00', 'IDR', 'gateway',
   strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  ('00000000-0000-7000-8000-000000000002', '00000000-0000-7000-8000-000000000002', '0.00', 'IDR', 'escrow',
   strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  ('00000000-0000-7000-8000-000000000003', '00000000-0000-7000-8000-000000000003', '0.00', 'IDR', 'platform',
   strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'));

ALTER TABLE wallet_ledger_entries ADD COLUMN movement_id TEXT;
CREATE INDEX idx_ledger_movement_id ON wallet_ledger_entries(movement_id);

-- Provider notifications applied, deduplicated by (provider, external id, status).
CREATE TABLE payment_events (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  payment_transaction_id TEXT NOT NULL CONSTRAINT payment_events_payment_transaction_id_fkey
    REFERENCES payment_transactions(id) ON DELETE CASCADE,
  dedup_key TEXT NOT NULL CONSTRAINT payment_events_dedup_key_key UNIQUE,
  status TEXT NOT NULL CONSTRAINT payment_events_status_check
    CHECK (status IN ('pending', 'paid', 'failed', 'expired', 'refunded')),
  raw_payload TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT payment_events_dedup_key_length_check CHECK (length(dedup_key) <= 255),
  CONSTRAINT payment_events_raw_payload_json_check CHECK (raw_payload IS NULL OR json_valid(raw_payload))
);
CREATE INDEX idx_payment_events_payment ON payment_events(payment_transaction_id);

-- Tutor withdrawals: a request an admin marks paid (the ledger moves then) or rejects.
CREATE TABLE withdrawal_requests (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  wallet_id TEXT NOT NULL CONSTRAINT withdrawal_requests_wallet_id_fkey
    REFERENCES wallets(id) ON DELETE CASCADE,
  amount TEXT NOT NULL CONSTRAINT withdrawal_requests_amount_check CHECK (CAST(amount AS NUMERIC) > 0),
  currency TEXT DEFAULT 'IDR',
  status TEXT NOT NULL DEFAULT 'requested' CONSTRAINT withdrawal_requests_status_check
    CHECK (status IN ('requested', 'paid', 'rejected')),
  handled_by TEXT CONSTRAINT withdrawal_requests_handled_by_fkey REFERENCES users(id),
  handled_at TEXT,
  reference_id TEXT,
  note TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT withdrawal_requests_amount_decimal_check CHECK (amount IS NULL OR (typeof(amount) = 'text' AND amount NOT GLOB '*[^0-9.-]*' AND amount NOT GLOB '?*-*' AND amount NOT GLOB '*.*.*' AND amount NOT GLOB '*.' AND length(replace(CASE WHEN instr(amount, '.') > 0 THEN substr(amount, 1, instr(amount, '.') - 1) ELSE amount END, '-', '')) BETWEEN 1 AND 10 AND (instr(amount, '.') = 0 OR length(amount) - instr(amount, '.') <= 2))),
  CONSTRAINT withdrawal_requests_currency_length_check CHECK (length(currency) <= 3),
  CONSTRAINT withdrawal_requests_status_length_check CHECK (length(status) <= 20),
  CONSTRAINT withdrawal_requests_reference_id_length_check CHECK (length(reference_id) <= 255)
);
CREATE INDEX idx_withdrawals_wallet ON withdrawal_requests(wallet_id, status);
CREATE TRIGGER withdrawal_requests_set_updated_at AFTER UPDATE ON withdrawal_requests
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE withdrawal_requests SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;
