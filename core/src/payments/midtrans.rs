//! Midtrans HTTP notifications (Snap and Core API).
//!
//! Midtrans POSTs a JSON object whose `signature_key` is the lowercase hex SHA-512 of
//! `order_id + status_code + gross_amount + server_key`. The hash is taken over the strings
//! exactly as they appear in the body: `gross_amount` arrives as text such as `"150000.00"`,
//! and re-formatting a parsed number (`150000`) would produce a different hash, so the
//! signature is checked before anything is parsed into numbers.
//!
//! # What the signature does not cover
//!
//! `transaction_status` and `fraud_status` are not part of the signed string. To keep a signed
//! `pending` notification (status code `201`) from being replayed with its status edited to
//! `settlement`, a notification that maps to `paid` must carry status code `200`, as genuine
//! captures and settlements do. A signed `cancel` or `refund` (also `200`) could still be
//! edited into a `settlement`; hosts that need more than that should confirm a `paid`
//! notification with Midtrans' Get Status API before calling the facade.
//!
//! # Partial refunds
//!
//! `partial_refund` and `partial_chargeback` are rejected explicitly. Our
//! [`PaymentStatus::Refunded`] means the whole amount went back to the student; mapping a
//! partial one onto it would tell the ledger a story that did not happen, and mapping it onto
//! `paid` would make it an invisible duplicate. A rejection surfaces in the host's logs (and
//! Midtrans' retries) so an operator reconciles it by hand.

use super::{
    PaymentNotification, dedup_key, json_object, non_empty, parse_amount, parse_currency, reject,
    require_secret, required, secrets_equal,
};
use crate::error::Result;
use crate::types::{PaymentProvider, PaymentStatus};
use serde::Deserialize;
use sha2::{Digest, Sha512};

const PROVIDER: &str = "Midtrans";

/// The fields we read; every other field stays in the raw payload only.
#[derive(Deserialize)]
struct Body {
    order_id: Option<String>,
    status_code: Option<String>,
    gross_amount: Option<String>,
    signature_key: Option<String>,
    transaction_status: Option<String>,
    fraud_status: Option<String>,
    transaction_id: Option<String>,
    currency: Option<String>,
    payment_type: Option<String>,
    settlement_time: Option<String>,
    transaction_time: Option<String>,
}

/// The `signature_key` Midtrans sends with a notification: lowercase hex SHA-512 of
/// `order_id + status_code + gross_amount + server_key`.
///
/// Pass the strings exactly as they appear (or will appear) in the body; `gross_amount` in
/// particular keeps its two decimals (`"150000.00"`). Tests and the quickstart use this to
/// build notifications that [`parse_midtrans`] accepts.
///
/// ```
/// use blajarplus::payments::sign_midtrans;
///
/// let sig = sign_midtrans("order-1", "200", "150000.00", "SB-Mid-server-TEST");
/// assert_eq!(sig.len(), 128);
/// assert_eq!(sig, sig.to_lowercase());
/// ```
pub fn sign_midtrans(
    order_id: &str,
    status_code: &str,
    gross_amount: &str,
    server_key: &str,
) -> String {
    let mut hasher = Sha512::new();
    hasher.update(order_id.as_bytes());
    hasher.update(status_code.as_bytes());
    hasher.update(gross_amount.as_bytes());
    hasher.update(server_key.as_bytes());
    hex::encode(hasher.finalize())
}

/// Maps Midtrans' `transaction_status` (and, for `capture`, `fraud_status`) onto our
/// [`PaymentStatus`], following the table in the [module docs](super).
///
/// Also useful on the answer of Midtrans' Get Status API, which carries the same two fields.
///
/// # Errors
/// [`Error::PaymentRejected`](crate::Error::PaymentRejected) for a status we do not map: an
/// unknown one, a `capture` without a known fraud verdict, or a partial refund/chargeback.
pub fn midtrans_status(
    transaction_status: &str,
    fraud_status: Option<&str>,
) -> Result<PaymentStatus> {
    use PaymentStatus::*;
    Ok(match transaction_status {
        "capture" => match fraud_status {
            Some("accept") => Paid,
            // Held for review in the Midtrans dashboard: neither paid nor failed yet.
            Some("challenge") => Pending,
            Some("deny") => Failed,
            // Only card payments are captured, and those always carry the fraud verdict; without
            // one we cannot tell money received from money held.
            other => {
                return Err(reject(format!(
                    "Midtrans capture with unknown fraud_status {other:?}"
                )));
            }
        },
        "settlement" => Paid,
        // Card pre-authorisation: money reserved, not taken.
        "authorize" | "pending" => Pending,
        "deny" | "cancel" | "failure" => Failed,
        "expire" => Expired,
        // A chargeback returns the whole amount to the card holder, like a full refund.
        "refund" | "chargeback" => Refunded,
        "partial_refund" | "partial_chargeback" => {
            return Err(reject(format!(
                "Midtrans {transaction_status} is not supported: partial refunds must be \
                 reconciled by hand"
            )));
        }
        other => {
            return Err(reject(format!(
                "unknown Midtrans transaction_status {other:?}"
            )));
        }
    })
}

/// Parses and verifies a Midtrans HTTP notification from its raw body.
///
/// Checks, in order: the body is a JSON object; `order_id`, `status_code`, `gross_amount` and
/// `signature_key` are present; the signature matches `server_key` (in constant time); the
/// status maps (see [`midtrans_status`]) and, for `paid`, comes with status code `200`;
/// `gross_amount` is a positive plain decimal with at most two places that fits the money
/// columns; `currency`, when present, is a three-letter code (IDR when absent).
///
/// `paid_at_raw` is Midtrans' `settlement_time`, or `transaction_time` for a capture that has
/// no settlement yet, and only for notifications that mean `paid`.
///
/// # Errors
/// [`Error::PaymentRejected`](crate::Error::PaymentRejected) for a notification that is
/// malformed, forged or not understood; [`Error::Validation`](crate::Error::Validation) on
/// `server_key` when it is empty.
///
/// ```
/// use blajarplus::payments::{parse_midtrans, sign_midtrans};
/// use blajarplus::types::PaymentStatus;
///
/// let key = "SB-Mid-server-TEST";
/// let body = serde_json::json!({
///     "order_id": "order-1",
///     "status_code": "200",
///     "gross_amount": "150000.00",
///     "signature_key": sign_midtrans("order-1", "200", "150000.00", key),
///     "transaction_status": "settlement",
///     "transaction_id": "b7c3…",
///     "payment_type": "bank_transfer",
/// })
/// .to_string();
///
/// let n = parse_midtrans(body.as_bytes(), key)?;
/// assert_eq!(n.status, PaymentStatus::Paid);
/// assert_eq!(n.amount.to_string(), "150000.00");
///
/// // Any edit to the signed fields breaks the signature.
/// let forged = body.replace("150000.00", "1500.00");
/// assert_eq!(parse_midtrans(forged.as_bytes(), key).unwrap_err().code(), "payment_rejected");
/// # Ok::<(), blajarplus::Error>(())
/// ```
pub fn parse_midtrans(body: &[u8], server_key: &str) -> Result<PaymentNotification> {
    require_secret("server_key", server_key)?;
    let raw_payload = json_object(body, PROVIDER)?;
    // Read from the bytes, not from `raw_payload`: the derived reader refuses a repeated
    // field, where a `Value` would silently keep the last one and the signature could be
    // checked over one value while another is used.
    let fields: Body = serde_json::from_slice(body)
        .map_err(|e| reject(format!("malformed Midtrans notification: {e}")))?;

    let order_id = required(fields.order_id, "order_id", PROVIDER)?;
    let status_code = required(fields.status_code, "status_code", PROVIDER)?;
    let gross_amount = required(fields.gross_amount, "gross_amount", PROVIDER)?;
    let signature = required(fields.signature_key, "signature_key", PROVIDER)?;
    let expected = sign_midtrans(&order_id, &status_code, &gross_amount, server_key);
    if !secrets_equal(signature.as_bytes(), expected.as_bytes()) {
        return Err(reject("Midtrans signature_key does not match"));
    }

    let transaction_status = required(fields.transaction_status, "transaction_status", PROVIDER)?;
    let status = midtrans_status(&transaction_status, fields.fraud_status.as_deref())?;
    if status == PaymentStatus::Paid && status_code != "200" {
        return Err(reject(format!(
            "Midtrans {transaction_status} with status_code {status_code:?}: a payment is \
             only complete with 200"
        )));
    }
    let amount = parse_amount("gross_amount", &gross_amount)?;
    let currency = parse_currency(fields.currency.as_deref())?;
    let external_id = non_empty(fields.transaction_id);
    let paid_at_raw = if status == PaymentStatus::Paid {
        non_empty(fields.settlement_time).or(non_empty(fields.transaction_time))
    } else {
        None
    };
    let dedup_key = dedup_key(
        PaymentProvider::Midtrans,
        status,
        external_id.as_deref(),
        &order_id,
    );
    Ok(PaymentNotification {
        provider: PaymentProvider::Midtrans,
        order_id,
        external_id,
        status,
        amount,
        currency,
        payment_method: non_empty(fields.payment_type),
        paid_at_raw,
        dedup_key,
        raw_payload,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Currency;
    use rust_decimal::Decimal;
    use serde_json::{Value, json};

    const KEY: &str = "SB-Mid-server-TEST";

    /// A notification body signed with [`KEY`]; `edit` changes it after signing.
    fn signed(
        transaction_status: &str,
        fraud_status: Option<&str>,
        status_code: &str,
        gross_amount: &str,
        edit: impl FnOnce(&mut Value),
    ) -> Vec<u8> {
        let mut v = json!({
            "order_id": "order-1",
            "status_code": status_code,
            "gross_amount": gross_amount,
            "signature_key": sign_midtrans("order-1", status_code, gross_amount, KEY),
            "transaction_status": transaction_status,
            "transaction_id": "9aed5972-5b6a-401e-894b-a32c91ed1a3a",
            "currency": "IDR",
            "payment_type": "credit_card",
            "transaction_time": "2026-03-02 10:00:00",
            "settlement_time": "2026-03-02 10:00:05",
        });
        if let Some(f) = fraud_status {
            v["fraud_status"] = json!(f);
        }
        edit(&mut v);
        v.to_string().into_bytes()
    }

    fn ok(ts: &str, fraud: Option<&str>, code: &str) -> PaymentNotification {
        parse_midtrans(&signed(ts, fraud, code, "150000.00", |_| {}), KEY).unwrap()
    }

    fn rejected(body: &[u8]) -> String {
        let err = parse_midtrans(body, KEY).unwrap_err();
        assert_eq!(err.code(), "payment_rejected", "{err}");
        err.to_string()
    }

    #[test]
    fn known_signature_vector() {
        // echo -n "order-1200150000.00SB-Mid-server-TEST" | sha512sum
        assert_eq!(
            sign_midtrans("order-1", "200", "150000.00", KEY),
            "cb0139d555854498905698e69270f3962e1b79bc4cdd625dfc925a8173be5c3b\
             efe3a411168b4ae6f461c61453e2834e908dcc5b69675742065c9eba50ed41ba"
        );
    }

    #[test]
    fn a_settlement_becomes_a_paid_notification() {
        let n = ok("settlement", Some("accept"), "200");
        assert_eq!(n.provider, PaymentProvider::Midtrans);
        assert_eq!(n.order_id, "order-1");
        assert_eq!(
            n.external_id.as_deref(),
            Some("9aed5972-5b6a-401e-894b-a32c91ed1a3a")
        );
        assert_eq!(n.status, PaymentStatus::Paid);
        assert_eq!(n.amount, Decimal::new(15_000_000, 2));
        assert_eq!(n.amount.to_string(), "150000.00");
        assert_eq!(n.currency, Currency::IDR);
        assert_eq!(n.payment_method.as_deref(), Some("credit_card"));
        assert_eq!(n.paid_at_raw.as_deref(), Some("2026-03-02 10:00:05"));
        assert_eq!(
            n.dedup_key,
            "midtrans:paid:tx:9aed5972-5b6a-401e-894b-a32c91ed1a3a"
        );
        assert_eq!(n.raw_payload["gross_amount"], "150000.00");
    }

    #[test]
    fn every_status_maps_as_documented() {
        use PaymentStatus::*;
        let table: &[(&str, Option<&str>, &str, PaymentStatus)] = &[
            ("capture", Some("accept"), "200", Paid),
            ("capture", Some("challenge"), "201", Pending),
            ("capture", Some("deny"), "202", Failed),
            ("settlement", Some("accept"), "200", Paid),
            ("settlement", None, "200", Paid),
            ("pending", None, "201", Pending),
            ("pending", Some("accept"), "201", Pending),
            ("authorize", Some("accept"), "200", Pending),
            ("deny", Some("deny"), "202", Failed),
            ("cancel", None, "200", Failed),
            ("expire", None, "407", Expired),
            ("failure", None, "202", Failed),
            ("refund", None, "200", Refunded),
            ("chargeback", None, "200", Refunded),
        ];
        for &(ts, fraud, code, want) in table {
            let n = ok(ts, fraud, code);
            assert_eq!(n.status, want, "{ts} / {fraud:?}");
            assert_eq!(midtrans_status(ts, fraud).unwrap(), want);
            // Only a payment that went through carries a payment time.
            assert_eq!(n.paid_at_raw.is_some(), want == Paid, "{ts}");
        }
    }

    #[test]
    fn capture_without_settlement_time_uses_the_transaction_time() {
        let body = signed("capture", Some("accept"), "200", "150000.00", |v| {
            v.as_object_mut().unwrap().remove("settlement_time");
        });
        let n = parse_midtrans(&body, KEY).unwrap();
        assert_eq!(n.paid_at_raw.as_deref(), Some("2026-03-02 10:00:00"));
    }

    #[test]
    fn statuses_we_do_not_understand_are_rejected() {
        for (ts, fraud) in [
            ("capture", None),
            ("capture", Some("review")),
            ("settled", None),
            ("SETTLEMENT", None),
            ("", None),
        ] {
            rejected(&signed(ts, fraud, "200", "150000.00", |_| {}));
            assert!(midtrans_status(ts, fraud).is_err());
        }
        for ts in ["partial_refund", "partial_chargeback"] {
            let msg = rejected(&signed(ts, None, "200", "150000.00", |_| {}));
            assert!(msg.contains("reconciled by hand"), "{msg}");
        }
    }

    #[test]
    fn a_forged_signature_is_rejected() {
        let body = signed("settlement", None, "200", "150000.00", |v| {
            v["signature_key"] = json!(sign_midtrans("order-1", "200", "150000.00", "other-key"));
        });
        assert!(rejected(&body).contains("signature"));
        assert!(
            parse_midtrans(
                &signed("settlement", None, "200", "150000.00", |_| {}),
                "other-key"
            )
            .is_err()
        );
        // Upper-case hex is not what Midtrans sends.
        let body = signed("settlement", None, "200", "150000.00", |v| {
            let s = v["signature_key"].as_str().unwrap().to_uppercase();
            v["signature_key"] = json!(s);
        });
        rejected(&body);
    }

    #[test]
    fn tampering_with_a_signed_field_is_rejected() {
        for (field, value) in [
            ("gross_amount", "1500.00"),
            ("gross_amount", "150000"),
            ("gross_amount", "150000.0"),
            ("order_id", "order-2"),
            ("status_code", "201"),
        ] {
            let body = signed("settlement", None, "200", "150000.00", |v| {
                v[field] = json!(value);
            });
            assert!(rejected(&body).contains("signature"), "{field}={value}");
        }
    }

    #[test]
    fn a_pending_notification_cannot_be_relabelled_paid() {
        // Signed as a 201 pending, status edited to settlement: the signature still matches.
        let body = signed("pending", None, "201", "150000.00", |v| {
            v["transaction_status"] = json!("settlement");
        });
        assert!(rejected(&body).contains("status_code"));
        let body = signed("pending", None, "201", "150000.00", |v| {
            v["transaction_status"] = json!("capture");
            v["fraud_status"] = json!("accept");
        });
        rejected(&body);
    }

    #[test]
    fn missing_and_malformed_fields_are_rejected() {
        for field in [
            "order_id",
            "status_code",
            "gross_amount",
            "signature_key",
            "transaction_status",
        ] {
            let body = signed("settlement", None, "200", "150000.00", |v| {
                v.as_object_mut().unwrap().remove(field);
            });
            assert!(rejected(&body).contains(field), "{field}");
            let body = signed("settlement", None, "200", "150000.00", |v| {
                v[field] = Value::Null;
            });
            rejected(&body);
        }
        rejected(b"");
        rejected(b"{");
        rejected(b"not json");
        rejected(b"[\"order-1\", \"200\"]");
        rejected(b"\"order-1\"");
        rejected(&[0xff, 0xfe, b'{', b'}']);
        // A number where Midtrans sends text: the exact string is what is signed.
        let body = signed("settlement", None, "200", "150000.00", |v| {
            v["gross_amount"] = json!(150000);
        });
        rejected(&body);
        let body = signed("settlement", None, "200", "150000.00", |v| {
            v["status_code"] = json!(200);
        });
        rejected(&body);
    }

    #[test]
    fn a_repeated_field_is_rejected() {
        let sig = sign_midtrans("order-1", "200", "150000.00", KEY);
        let body = format!(
            r#"{{"order_id":"order-1","status_code":"200","gross_amount":"150000.00",
                "gross_amount":"1.00","signature_key":"{sig}","transaction_status":"settlement"}}"#
        );
        rejected(body.as_bytes());
    }

    #[test]
    fn amounts_are_exact_and_must_fit() {
        let n = parse_midtrans(
            &signed("settlement", None, "200", "9999999999.99", |_| {}),
            KEY,
        )
        .unwrap();
        assert_eq!(n.amount.to_string(), "9999999999.99");
        assert_eq!(n.amount, crate::types::MAX_AMOUNT);

        let n = parse_midtrans(&signed("settlement", None, "200", "0.10", |_| {}), KEY).unwrap();
        assert_eq!(n.amount, Decimal::new(1, 1));

        // Each of these is correctly signed: the amount itself is refused.
        for bad in [
            "1.005",
            "10000000000.00",
            "0.00",
            "-150000.00",
            "abc",
            "1e5",
            "150,000.00",
            " 150000.00",
        ] {
            let msg = rejected(&signed("settlement", None, "200", bad, |_| {}));
            assert!(msg.contains("gross_amount"), "{bad}: {msg}");
        }
    }

    #[test]
    fn currency_defaults_to_idr_and_must_be_a_code() {
        let n = parse_midtrans(
            &signed("settlement", None, "200", "150000.00", |v| {
                v.as_object_mut().unwrap().remove("currency");
            }),
            KEY,
        )
        .unwrap();
        assert_eq!(n.currency, Currency::IDR);
        let n = parse_midtrans(
            &signed("settlement", None, "200", "150000.00", |v| {
                v["currency"] = json!("USD");
            }),
            KEY,
        )
        .unwrap();
        assert_eq!(n.currency.as_str(), "USD");
        for bad in ["idr", "RUPIAH", "ID", ""] {
            let msg = rejected(&signed("settlement", None, "200", "150000.00", |v| {
                v["currency"] = json!(bad);
            }));
            assert!(msg.contains("currency"), "{bad}: {msg}");
        }
    }

    #[test]
    fn dedup_keys_follow_the_meaning_not_the_wording() {
        let capture = ok("capture", Some("accept"), "200");
        let settlement = ok("settlement", Some("accept"), "200");
        assert_eq!(capture.dedup_key, settlement.dedup_key);
        assert_ne!(capture.dedup_key, ok("pending", None, "201").dedup_key);
        assert_ne!(capture.dedup_key, ok("refund", None, "200").dedup_key);

        let body = signed("settlement", None, "200", "150000.00", |v| {
            v.as_object_mut().unwrap().remove("transaction_id");
        });
        let n = parse_midtrans(&body, KEY).unwrap();
        assert_eq!(n.external_id, None);
        assert_eq!(n.dedup_key, "midtrans:paid:order:order-1");
    }

    #[test]
    fn an_empty_server_key_is_a_configuration_mistake() {
        let body = sign_midtrans("order-1", "200", "150000.00", "");
        let err = parse_midtrans(body.as_bytes(), "").unwrap_err();
        assert_eq!(err.code(), "validation");
        assert_eq!(err.field(), Some("server_key"));
    }

    #[test]
    fn unicode_order_ids_are_signed_as_utf8() {
        let order = "pesanan-ü-✓";
        let sig = sign_midtrans(order, "200", "150000.00", KEY);
        let body = json!({
            "order_id": order,
            "status_code": "200",
            "gross_amount": "150000.00",
            "signature_key": sig,
            "transaction_status": "settlement",
        });
        let n = parse_midtrans(body.to_string().as_bytes(), KEY).unwrap();
        assert_eq!(n.order_id, order);
        // An escaped spelling of the same text is the same string once decoded.
        let escaped = body.to_string().replace('ü', "\\u00fc");
        assert_eq!(
            parse_midtrans(escaped.as_bytes(), KEY).unwrap().order_id,
            order
        );
    }
}
