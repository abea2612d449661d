//! Payment-provider notifications: from the raw bytes a provider POSTs to a provider-neutral
//! [`PaymentNotification`] that the facade applies.
//!
//! This module is pure: no I/O, no database, no clock. It decides only whether a notification
//! is authentic and well-formed and what it means in our terms; whether the order exists, the
//! amount matches the payment and the move is a forward one is the facade's business, because
//! only it sees the stored payment.
//!
//! Every refusal is [`Error::PaymentRejected`] (`payment_rejected`), so a host's webhook handler
//! needs one rule: answer a 4xx and let the provider retry or alert. The one exception is a
//! missing secret (an empty server key or callback token), which is the host's mistake, not the
//! provider's, and comes back as [`Error::Validation`] on the parameter's name: with an empty
//! secret anyone could forge a notification, so we refuse to verify at all.
//!
//! Amounts are taken from the exact text the provider sent, never through a float, and checked
//! with [`check_amount`] so they fit the money columns.
//!
//! # Status mapping
//!
//! | provider | provider status | our [`PaymentStatus`] |
//! |---|---|---|
//! | Midtrans | `authorize` | `pending` |
//! | Midtrans | `capture` + fraud `accept` | `paid` |
//! | Midtrans | `capture` + fraud `challenge` | `pending` (manual review at Midtrans) |
//! | Midtrans | `capture` + fraud `deny` | `failed` |
//! | Midtrans | `settlement` | `paid` |
//! | Midtrans | `pending` | `pending` |
//! | Midtrans | `deny`, `cancel`, `failure` | `failed` |
//! | Midtrans | `expire` | `expired` |
//! | Midtrans | `refund`, `chargeback` | `refunded` |
//! | Midtrans | `partial_refund`, `partial_chargeback` | rejected (see [`midtrans`]) |
//! | Xendit | `PENDING` | `pending` |
//! | Xendit | `PAID`, `SETTLED` | `paid` |
//! | Xendit | `EXPIRED` | `expired` |
//!
//! Anything else is rejected rather than guessed: a status we do not understand must not move
//! money.
//!
//! # Exactly once
//!
//! [`PaymentNotification::dedup_key`] is built from the provider, our mapped status and the
//! provider's transaction id (or our order id when the provider sent none). Keying on the
//! *mapped* status is deliberate: Midtrans sends `capture` and later `settlement` for one card
//! payment, Xendit sends `PAID` and later `SETTLED`; both pairs mean "paid" once and must share a
//! key so the second is a duplicate, not a second escrow hold. The key is unique per payment
//! (the order), not globally: the event is (order, transaction, status), so a signed
//! notification for another order that carries an already-seen transaction id is applied to
//! its own order, never dropped as a duplicate.

pub mod midtrans;
pub mod xendit;

pub use midtrans::{midtrans_status, parse_midtrans, sign_midtrans};
pub use xendit::{XENDIT_CALLBACK_TOKEN_HEADER, parse_xendit_invoice, xendit_invoice_status};

use crate::error::{Error, Result};
use crate::types::{Currency, PaymentProvider, PaymentStatus, check_amount};
use rust_decimal::Decimal;
use sha2::{Digest, Sha512};
use subtle::ConstantTimeEq;

/// A verified provider notification, in provider-neutral terms, ready for the facade to apply.
#[derive(Debug, Clone, PartialEq)]
pub struct PaymentNotification {
    /// Who sent it.
    pub provider: PaymentProvider,
    /// Our id as we sent it to the provider (Midtrans `order_id`, Xendit `external_id`); the
    /// facade resolves it to the payment.
    pub order_id: String,
    /// The provider's own id for the transaction (Midtrans `transaction_id`, Xendit `id`).
    pub external_id: Option<String>,
    /// What the notification means for the payment.
    pub status: PaymentStatus,
    /// The amount exactly as the provider stated it (scale as sent, e.g. `150000.00`); at most
    /// two decimal places and within the money columns' range.
    pub amount: Decimal,
    /// The currency the provider reports (IDR when it sent none).
    pub currency: Currency,
    /// The provider's payment method (e.g. `bank_transfer`, `gopay`, `CREDIT_CARD`).
    pub payment_method: Option<String>,
    /// When the provider says the money arrived, as the provider wrote it. Kept as text
    /// because the providers disagree on format and zone (Midtrans writes Jakarta wall-clock
    /// time without an offset); the facade stamps its own clock for ledger purposes.
    pub paid_at_raw: Option<String>,
    /// Identifies this notification's effect for exactly-once application (see the module
    /// docs): `provider:status:tx:<provider id>` or `provider:status:order:<our id>`. The free-form
    /// id comes last so two different notifications can never render the same key.
    pub dedup_key: String,
    /// The notification body as received, for the audit trail. Numbers in it went through
    /// `serde_json`'s default representation; [`PaymentNotification::amount`] is the
    /// authoritative amount.
    pub raw_payload: serde_json::Value,
}

/// A refusal of the notification.
fn reject(message: impl Into<String>) -> Error {
    Error::PaymentRejected(message.into())
}

/// Refuses to verify with an empty secret: every forged message would match it.
fn require_secret(field: &str, secret: &str) -> Result<()> {
    if secret.is_empty() {
        return Err(Error::validation(
            field,
            "must not be empty: an empty secret would accept forged notifications",
        ));
    }
    Ok(())
}

/// Compares a received secret-derived value with the expected one in constant time.
///
/// Both sides are hashed first so the comparison runs over equal lengths: its duration says
/// nothing about where the values differ, nor how long the expected one is.
fn secrets_equal(received: &[u8], expected: &[u8]) -> bool {
    let r = Sha512::digest(received);
    let e = Sha512::digest(expected);
    r[..].ct_eq(&e[..]).into()
}

/// Parses the body as a JSON object, the shape every provider sends; anything else (an array,
/// a bare string, broken JSON) is refused before any field is looked at.
fn json_object(body: &[u8], provider: &str) -> Result<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| reject(format!("malformed {provider} notification: {e}")))?;
    if !value.is_object() {
        return Err(reject(format!(
            "malformed {provider} notification: the body must be a JSON object"
        )));
    }
    Ok(value)
}

/// A required text field: absent, `null` and empty all count as missing.
fn required(value: Option<String>, field: &str, provider: &str) -> Result<String> {
    match value {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(reject(format!("{provider} notification has no {field}"))),
    }
}

/// Parses an amount from the exact decimal text the provider sent.
///
/// The grammar is deliberately narrow (optional minus, digits, optional fraction): `Decimal`'s
/// own parser also takes underscores and other spellings no provider sends, and a signature is
/// only meaningful over text we read the way the provider meant it.
fn parse_amount(field: &str, text: &str) -> Result<Decimal> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return Err(reject(format!(
            "{field} {text:?} is not a plain decimal number"
        )));
    }
    let amount = Decimal::from_str_exact(text)
        .map_err(|_| reject(format!("{field} {text:?} is out of range")))?;
    if amount <= Decimal::ZERO {
        return Err(reject(format!("{field} {text} must be positive")));
    }
    check_amount(field, amount).map_err(|e| reject(e.to_string()))?;
    Ok(amount)
}

/// The notified currency; IDR when the provider left it out (both default to rupiah).
fn parse_currency(value: Option<&str>) -> Result<Currency> {
    match value {
        None => Ok(Currency::IDR),
        Some(s) => s.parse().map_err(|e: Error| reject(e.to_string())),
    }
}

/// An optional text field, with an empty string read as absent.
fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

/// See [`PaymentNotification::dedup_key`].
fn dedup_key(
    provider: PaymentProvider,
    status: PaymentStatus,
    external_id: Option<&str>,
    order_id: &str,
) -> String {
    match external_id {
        Some(id) => format!("{provider}:{status}:tx:{id}"),
        None => format!("{provider}:{status}:order:{order_id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Map, Value, json};

    const KEY: &str = "SB-Mid-server-prop";
    const TOKEN: &str = "xnd-callback-prop";

    /// Field names both parsers look at, so arbitrary objects often hit the interesting paths.
    const FIELDS: &[&str] = &[
        "order_id",
        "status_code",
        "gross_amount",
        "signature_key",
        "transaction_status",
        "fraud_status",
        "transaction_id",
        "currency",
        "payment_type",
        "settlement_time",
        "transaction_time",
        "id",
        "external_id",
        "status",
        "amount",
        "payment_method",
        "paid_at",
    ];

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            prop::sample::select(vec![
                "settlement",
                "capture",
                "accept",
                "challenge",
                "PAID",
                "SETTLED",
                "EXPIRED",
                "200",
                "201",
                "IDR",
                "150000.00",
                "1.005",
                "9999999999.99",
                "",
            ])
            .prop_map(Value::from),
            ".{0,20}".prop_map(Value::from),
            "[0-9]{1,40}(\\.[0-9]{0,5})?".prop_map(Value::from),
        ]
    }

    fn json_value() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(".{0,8}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn json_object() -> impl Strategy<Value = Value> {
        let key = prop_oneof![
            prop::sample::select(FIELDS.to_vec()).prop_map(String::from),
            ".{0,10}",
        ];
        prop::collection::btree_map(key, json_value(), 0..12)
            .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>()))
    }

    /// Only the documented outcomes: a notification or a `payment_rejected`.
    fn assert_typed(result: Result<PaymentNotification>) {
        if let Err(e) = result {
            assert_eq!(e.code(), "payment_rejected", "{e}");
        }
    }

    /// A Midtrans body for `order_id`/`gross_amount`, signed with [`KEY`] unless told otherwise.
    fn midtrans_body(order_id: &str, gross_amount: &str, signature: &str) -> Vec<u8> {
        json!({
            "order_id": order_id,
            "status_code": "200",
            "gross_amount": gross_amount,
            "signature_key": signature,
            "transaction_status": "settlement",
            "fraud_status": "accept",
            "transaction_id": "tx-1",
            "currency": "IDR",
            "payment_type": "bank_transfer",
        })
        .to_string()
        .into_bytes()
    }

    proptest! {
        #[test]
        fn parsers_never_panic_on_arbitrary_bytes(body in prop::collection::vec(any::<u8>(), 0..512)) {
            assert_typed(parse_midtrans(&body, KEY));
            assert_typed(parse_xendit_invoice(&body, Some(TOKEN), TOKEN));
            assert_typed(parse_xendit_invoice(&body, None, TOKEN));
        }

        #[test]
        fn parsers_never_panic_on_arbitrary_json_objects(obj in json_object()) {
            let body = obj.to_string().into_bytes();
            assert_typed(parse_midtrans(&body, KEY));
            assert_typed(parse_xendit_invoice(&body, Some(TOKEN), TOKEN));
        }

        #[test]
        fn correctly_signed_bodies_with_arbitrary_fields_are_ok_or_rejected(
            obj in json_object(),
            order_id in "\\PC{1,20}",
            status_code in prop::sample::select(vec!["200", "201", "202", "407", ""]),
            gross in prop_oneof![
                "[0-9]{1,12}\\.[0-9]{2}",
                "-?[0-9]{0,14}(\\.[0-9]{0,4})?",
                ".{0,12}",
            ],
            status in prop::sample::select(vec![
                "capture", "settlement", "pending", "deny", "cancel", "expire", "failure",
                "refund", "partial_refund", "chargeback", "authorize", "bogus",
            ]),
            fraud in prop::option::of(prop::sample::select(vec!["accept", "challenge", "deny", "x"])),
        ) {
            // Past the signature check, whatever else the body holds.
            let mut v = obj;
            v["order_id"] = json!(order_id);
            v["status_code"] = json!(status_code);
            v["gross_amount"] = json!(gross);
            v["signature_key"] = json!(sign_midtrans(&order_id, status_code, &gross, KEY));
            v["transaction_status"] = json!(status);
            if let Some(f) = fraud {
                v["fraud_status"] = json!(f);
            }
            match parse_midtrans(v.to_string().as_bytes(), KEY) {
                Ok(n) => {
                    prop_assert_eq!(n.amount, Decimal::from_str_exact(&gross).unwrap());
                    prop_assert_eq!(n.status, midtrans_status(status, fraud).unwrap());
                    prop_assert_eq!(&n.order_id, &order_id);
                }
                Err(e) => prop_assert_eq!(e.code(), "payment_rejected", "{}", e),
            }
        }

        #[test]
        fn amount_text_is_never_misread(text in "-?[0-9]{0,30}(\\.[0-9]{0,5})?|.{0,12}") {
            // Whatever comes back is exactly the decimal the text spells.
            if let Ok(d) = parse_amount("gross_amount", &text) {
                prop_assert_eq!(d, Decimal::from_str_exact(&text).unwrap());
                prop_assert!(d > Decimal::ZERO);
                prop_assert!(check_amount("gross_amount", d).is_ok());
            }
        }

        #[test]
        fn signed_notifications_verify_and_any_changed_character_fails(
            order_id in "\\PC{1,40}",
            cents in 1u64..=999_999_999_999u64,
            pos in any::<prop::sample::Index>(),
            replacement in prop::sample::select(
                "0123456789abcdefABCDEF xz".chars().collect::<Vec<_>>()
            ),
        ) {
            let gross = format!("{}.{:02}", cents / 100, cents % 100);
            let signature = sign_midtrans(&order_id, "200", &gross, KEY);
            let n = parse_midtrans(&midtrans_body(&order_id, &gross, &signature), KEY).unwrap();
            prop_assert_eq!(&n.order_id, &order_id);
            prop_assert_eq!(n.amount, Decimal::new(cents as i64, 2));
            prop_assert_eq!(n.status, PaymentStatus::Paid);

            let i = pos.index(signature.len());
            let mut chars: Vec<char> = signature.chars().collect();
            prop_assume!(chars[i] != replacement);
            chars[i] = replacement;
            let forged: String = chars.into_iter().collect();
            let err = parse_midtrans(&midtrans_body(&order_id, &gross, &forged), KEY).unwrap_err();
            prop_assert_eq!(err.code(), "payment_rejected");
        }

        #[test]
        fn a_signature_does_not_carry_over_to_another_amount(
            cents in 1u64..=999_999_999_999u64,
            other in 1u64..=999_999_999_999u64,
        ) {
            prop_assume!(cents != other);
            let gross = format!("{}.{:02}", cents / 100, cents % 100);
            let tampered = format!("{}.{:02}", other / 100, other % 100);
            let signature = sign_midtrans("order-p", "200", &gross, KEY);
            let err = parse_midtrans(&midtrans_body("order-p", &tampered, &signature), KEY)
                .unwrap_err();
            prop_assert_eq!(err.code(), "payment_rejected");
        }
    }

    #[test]
    fn amounts_are_read_exactly() {
        let d = parse_amount("amount", "9999999999.99").unwrap();
        assert_eq!(d.to_string(), "9999999999.99");
        assert_eq!(
            parse_amount("amount", "150000").unwrap(),
            Decimal::new(150_000, 0)
        );
        // A third decimal place that is zero is still a two-place amount.
        assert_eq!(
            parse_amount("amount", "1.500").unwrap(),
            Decimal::new(15, 1)
        );
        for bad in [
            "1.005",
            "10000000000.00",
            "0",
            "0.00",
            "-1.00",
            "",
            ".5",
            "5.",
            "1_000",
            "1e3",
            "+5",
            " 5",
            "5 ",
            "١٢",
            "123456789012345678901234567890123",
        ] {
            let err = parse_amount("amount", bad).unwrap_err();
            assert_eq!(err.code(), "payment_rejected", "{bad:?}: {err}");
        }
        assert!(
            parse_amount("amount", "1.005")
                .unwrap_err()
                .to_string()
                .contains("more than two decimal places")
        );
    }

    #[test]
    fn deeply_nested_bodies_are_rejected_not_overflowed() {
        let deep = "[".repeat(100_000);
        assert_typed(parse_midtrans(deep.as_bytes(), KEY));
        let deep = format!("{{\"a\":{}", "{\"a\":".repeat(100_000));
        assert_typed(parse_xendit_invoice(deep.as_bytes(), Some(TOKEN), TOKEN));
        assert!(parse_midtrans(deep.as_bytes(), KEY).is_err());
    }

    #[test]
    fn secrets_compare_by_content_only() {
        assert!(secrets_equal(b"abc", b"abc"));
        assert!(!secrets_equal(b"abc", b"abd"));
        assert!(!secrets_equal(b"abc", b"abcd"));
        assert!(!secrets_equal(b"", b"abc"));
    }

    #[test]
    fn dedup_keys_cannot_collide_across_id_kinds() {
        let a = dedup_key(
            PaymentProvider::Midtrans,
            PaymentStatus::Paid,
            Some("x"),
            "x",
        );
        let b = dedup_key(PaymentProvider::Midtrans, PaymentStatus::Paid, None, "x");
        assert_eq!(a, "midtrans:paid:tx:x");
        assert_eq!(b, "midtrans:paid:order:x");
        assert_ne!(a, b);
    }
}
