-- Blajarplus core: what the booking lifecycle, payments and the escrow ledger need on top of
-- the ERD. Only additions: nothing of 0001 is dropped or narrowed.

-- Date overrides (as Cal.com users expect): a local date with other hours than the weekly
-- rules, or closed (both times NULL).
CREATE TABLE tutor_date_overrides (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tutor_profile_id UUID NOT NULL CONSTRAINT tutor_date_overrides_tutor_profile_id_fkey
    REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  date DATE NOT NULL,
  start_time TIME,
  end_time TIME,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT tutor_date_overrides_time_range_check CHECK (
    (start_time IS NULL AND end_time IS NULL)
    OR (start_time IS NOT NULL AND end_time IS NOT NULL AND end_time > start_time))
);
CREATE INDEX idx_date_overrides_tutor_date ON tutor_date_overrides(tutor_profile_id, date);

-- Bookings: the time a reschedule proposes (held while the request is open), who asked, the
-- package a session was drawn from, and when its reminder went out (so the job sends it once).
ALTER TABLE bookings ADD COLUMN proposed_start_at TIMESTAMPTZ;
ALTER TABLE bookings ADD COLUMN proposed_end_at TIMESTAMPTZ;
ALTER TABLE bookings ADD COLUMN reschedule_requested_by UUID
  CONSTRAINT bookings_reschedule_requested_by_fkey REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE bookings ADD COLUMN package_purchase_id UUID
  CONSTRAINT bookings_package_purchase_id_fkey REFERENCES package_purchases(id) ON DELETE SET NULL;
ALTER TABLE bookings ADD COLUMN reminder_sent_at TIMESTAMPTZ;
ALTER TABLE bookings ADD CONSTRAINT bookings_proposed_time_range_check
  CHECK (proposed_end_at > proposed_start_at);
CREATE INDEX idx_bookings_due ON bookings(status, end_at);

-- Ledger: the system accounts live beside user wallets. Their balances are derived from
-- entries (never updated in place), so payments do not serialise on one hot row; only user
-- wallets keep a maintained balance. They belong to three fixed system users, which cannot
-- act (suspended, no credentials) and keep wallets.user_id NOT NULL as the ERD has it.
ALTER TABLE wallets ADD COLUMN kind VARCHAR(20) NOT NULL DEFAULT 'user'
  CONSTRAINT wallets_kind_check CHECK (kind IN ('user', 'gateway', 'escrow', 'platform'));

INSERT INTO users (id, full_name, role, status, created_at, updated_at) VALUES
  ('00000000-0000-7000-8000-000000000001', 'Blajarplus system: payment gateway', 'admin', 'suspended', now(), now()),
  ('00000000-0000-7000-8000-000000000002', 'Blajarplus system: escrow', 'admin', 'suspended', now(), now()),
  ('00000000-0000-7000-8000-000000000003', 'Blajarplus system: platform revenue', 'admin', 'suspended', now(), now());
INSERT INTO wallets (id, user_id, balance, currency, kind, created_at, updated_at) VALUES
  ('00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-000000000001', 0, 'IDR', 'gateway', now(), now()),
  ('00000000-0000-7000-8000-000000000002', '00000000-0000-7000-8000-000000000002', 0, 'IDR', 'escrow', now(), now()),
  ('00000000-0000-7000-8000-000000000003', '00000000-0000-7000-8000-000000000003', 0, 'IDR', 'platform', now(), now());

-- Entries of one movement share a movement id; the audit checks each movement sums to zero.
ALTER TABLE wallet_ledger_entries ADD COLUMN movement_id UUID;
CREATE INDEX idx_ledger_movement_id ON wallet_ledger_entries(movement_id);

-- Provider notifications applied, one row per (provider, external id, status): the UNIQUE key
-- makes a notification delivered many times, even concurrently, take effect once.
CREATE TABLE payment_events (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  payment_transaction_id UUID NOT NULL CONSTRAINT payment_events_payment_transaction_id_fkey
    REFERENCES payment_transactions(id) ON DELETE CASCADE,
  dedup_key VARCHAR(255) NOT NULL CONSTRAINT payment_events_dedup_key_key UNIQUE,
  status VARCHAR(20) NOT NULL CONSTRAINT payment_events_status_check
    CHECK (status IN ('pending', 'paid', 'failed', 'expired', 'refunded')),
  raw_payload JSONB,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_payment_events_payment ON payment_events(payment_transaction_id);

-- Tutor withdrawals: a request an admin marks paid (the ledger moves then) or rejects.
CREATE TABLE withdrawal_requests (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  wallet_id UUID NOT NULL CONSTRAINT withdrawal_requests_wallet_id_fkey
    REFERENCES wallets(id) ON DELETE CASCADE,
  amount NUMERIC(12,2) NOT NULL CONSTRAINT withdrawal_requests_amount_check CHECK (amount > 0),
  currency VARCHAR(3) DEFAULT 'IDR',
  status VARCHAR(20) NOT NULL DEFAULT 'requested' CONSTRAINT withdrawal_requests_status_check
    CHECK (status IN ('requested', 'paid', 'rejected')),
  handled_by UUID CONSTRAINT withdrawal_requests_handled_by_fkey REFERENCES users(id),
  handled_at TIMESTAMPTZ,
  reference_id VARCHAR(255),
  note TEXT,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_withdrawals_wallet ON withdrawal_requests(wallet_id, status);
CREATE TRIGGER withdrawal_requests_set_updated_at BEFORE UPDATE ON withdrawal_requests
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
