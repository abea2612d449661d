-- A provider notification is identified by the payment it is for together with its dedup key
-- (provider, mapped status, provider transaction id). Keyed on the dedup key alone, a correctly
-- signed settlement of another order that happened to carry an already-seen transaction id was
-- answered "duplicate" and never applied. The new key's leading column also serves the lookups
-- by payment, so the old single-column index goes.
ALTER TABLE payment_events DROP CONSTRAINT payment_events_dedup_key_key;
ALTER TABLE payment_events ADD CONSTRAINT payment_events_payment_transaction_id_dedup_key_key
  UNIQUE (payment_transaction_id, dedup_key);
DROP INDEX idx_payment_events_payment;
