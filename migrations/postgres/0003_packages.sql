-- Blajarplus core: lesson packages are paid like bookings and held in escrow per purchase.

-- A payment is for exactly one booking or one package purchase.
ALTER TABLE payment_transactions ALTER COLUMN booking_id DROP NOT NULL;
ALTER TABLE payment_transactions ADD COLUMN package_purchase_id UUID
  CONSTRAINT payment_transactions_package_purchase_id_key UNIQUE
  CONSTRAINT payment_transactions_package_purchase_id_fkey REFERENCES package_purchases(id) ON DELETE CASCADE;
ALTER TABLE payment_transactions ADD CONSTRAINT payment_transactions_subject_check
  CHECK ((booking_id IS NULL) <> (package_purchase_id IS NULL));

-- Escrow of a package is kept per purchase; a session's release names both the purchase and
-- the booking it paid for.
ALTER TABLE wallet_ledger_entries ADD COLUMN package_purchase_id UUID
  CONSTRAINT wallet_ledger_entries_package_purchase_id_fkey REFERENCES package_purchases(id);
CREATE INDEX idx_ledger_package_purchase_id ON wallet_ledger_entries(package_purchase_id);

-- How long each session of a package is (a package sells lessons of one length).
ALTER TABLE lesson_packages ADD COLUMN session_minutes INTEGER NOT NULL DEFAULT 60
  CONSTRAINT lesson_packages_session_minutes_check CHECK (session_minutes BETWEEN 15 AND 480);

CREATE INDEX idx_bookings_package_purchase_id ON bookings(package_purchase_id);
CREATE INDEX idx_package_purchases_due ON package_purchases(status, expires_at);
