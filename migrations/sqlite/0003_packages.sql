-- Blajarplus core: lesson packages are paid like bookings and held in escrow per purchase.
-- SQLite twin of postgres/0003_packages.sql.

-- A payment is for exactly one booking or one package purchase. SQLite cannot drop NOT NULL,
-- so payment_transactions is rebuilt. This runs inside the migration's transaction with
-- foreign keys on, so the order matters: payment_events is rebuilt first, pointing at the new
-- table, because dropping the old payment_transactions would otherwise cascade-delete the
-- events that reference it. Renaming the new table then rewrites that reference.
CREATE TABLE payment_transactions_new (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  booking_id TEXT CONSTRAINT payment_transactions_booking_id_key UNIQUE CONSTRAINT payment_transactions_booking_id_fkey REFERENCES bookings(id) ON DELETE CASCADE,
  provider TEXT CONSTRAINT payment_transactions_provider_check CHECK (provider IN ('midtrans', 'xendit', 'manual')),
  payment_method TEXT,
  external_payment_id TEXT,
  status TEXT DEFAULT 'pending' CONSTRAINT payment_transactions_status_check CHECK (status IN ('pending', 'paid', 'failed', 'expired', 'refunded')),
  amount TEXT NOT NULL,
  currency TEXT DEFAULT 'IDR',
  paid_at TEXT,
  expires_at TEXT,
  raw_payload TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  deleted_at TEXT,
  package_purchase_id TEXT CONSTRAINT payment_transactions_package_purchase_id_key UNIQUE
    CONSTRAINT payment_transactions_package_purchase_id_fkey REFERENCES package_purchases(id) ON DELETE CASCADE,
  CONSTRAINT payment_transactions_provider_length_check CHECK (length(provider) <= 50),
  CONSTRAINT payment_transactions_payment_method_length_check CHECK (length(payment_method) <= 50),
  CONSTRAINT payment_transactions_external_payment_id_length_check CHECK (length(external_payment_id) <= 255),
  CONSTRAINT payment_transactions_status_length_check CHECK (length(status) <= 20),
  CONSTRAINT payment_transactions_amount_decimal_check CHECK (amount IS NULL OR (typeof(amount) = 'text' AND amount NOT GLOB '*[^0-9.-]*' AND amount NOT GLOB '?*-*' AND amount NOT GLOB '*.*.*' AND amount NOT GLOB '*.' AND length(replace(CASE WHEN instr(amount, '.') > 0 THEN substr(amount, 1, instr(amount, '.') - 1) ELSE amount END, '-', '')) BETWEEN 1 AND 10 AND (instr(amount, '.') = 0 OR length(amount) - instr(amount, '.') <= 2))),
  CONSTRAINT payment_transactions_currency_length_check CHECK (length(currency) <= 3),
  CONSTRAINT payment_transactions_raw_payload_json_check CHECK (raw_payload IS NULL OR json_valid(raw_payload)),
  CONSTRAINT payment_transactions_subject_check CHECK ((booking_id IS NULL) <> (package_purchase_id IS NULL))
);
INSERT INTO payment_transactions_new (id, booking_id, provider, payment_method, external_payment_id, status, amount, currency, paid_at, expires_at, raw_payload, created_at, updated_at, deleted_at)
  SELECT id, booking_id, provider, payment_method, external_payment_id, status, amount, currency, paid_at, expires_at, raw_payload, created_at, updated_at, deleted_at FROM payment_transactions;

CREATE TABLE payment_events_new (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  payment_transaction_id TEXT NOT NULL CONSTRAINT payment_events_payment_transaction_id_fkey
    REFERENCES payment_transactions_new(id) ON DELETE CASCADE,
  dedup_key TEXT NOT NULL CONSTRAINT payment_events_dedup_key_key UNIQUE,
  status TEXT NOT NULL CONSTRAINT payment_events_status_check
    CHECK (status IN ('pending', 'paid', 'failed', 'expired', 'refunded')),
  raw_payload TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT payment_events_dedup_key_length_check CHECK (length(dedup_key) <= 255),
  CONSTRAINT payment_events_raw_payload_json_check CHECK (raw_payload IS NULL OR json_valid(raw_payload))
);
INSERT INTO payment_events_new SELECT * FROM payment_events;
DROP TABLE payment_events;
DROP TABLE payment_transactions;
ALTER TABLE payment_transactions_new RENAME TO payment_transactions;
ALTER TABLE payment_events_new RENAME TO payment_events;

CREATE INDEX idx_payments_booking_id ON payment_transactions(booking_id);
CREATE INDEX idx_payments_status ON payment_transactions(status);
CREATE INDEX idx_payments_external_id ON payment_transactions(external_payment_id);
CREATE INDEX idx_payment_events_payment ON payment_events(payment_transaction_id);
CREATE TRIGGER payment_transactions_set_updated_at AFTER UPDATE ON payment_transactions
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE payment_transactions SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;

-- Escrow of a package is kept per purchase; a session's release names both the purchase and
-- the booking it paid for.
ALTER TABLE wallet_ledger_entries ADD COLUMN package_purchase_id TEXT
  CONSTRAINT wallet_ledger_entries_package_purchase_id_fkey REFERENCES package_purchases(id);
CREATE INDEX idx_ledger_package_purchase_id ON wallet_ledger_entries(package_purchase_id);

-- How long each session of a package is (a package sells lessons of one length).
ALTER TABLE lesson_packages ADD COLUMN session_minutes INTEGER NOT NULL DEFAULT 60
  CONSTRAINT lesson_packages_session_minutes_check CHECK (session_minutes BETWEEN 15 AND 480);

CREATE INDEX idx_bookings_package_purchase_id ON bookings(package_purchase_id);
CREATE INDEX idx_package_purchases_due ON package_purchases(status, expires_at);
