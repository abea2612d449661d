//! Xendit invoice callbacks.
//!
//! Xendit does not sign the body; it authenticates a callback by sending the account's
//! callback verification token in the `x-callback-token` header. The token is compared in
//! constant time, and nothing in the body is looked at before it matches.
//!
//! `amount` is a JSON number. It is read from its exact text in the body (through
//! `serde_json`'s raw values), never through `f64`: `9999999999.99` as a float is
//! `9999999999.9899997711…`, and a comparison with the stored payment would fail or, worse,
//! pass after rounding. Exponent spellings (`1.5e5`) are refused; Xendit does not send them.

use super::{
    PaymentNotification, dedup_key, json_object, non_empty, parse_amount, parse_currency, reject,
    require_secret, required, secrets_equal,
};
use crate::error::Result;
use crate::types::{PaymentProvider, PaymentStatus};
use serde::Deserialize;
use serde_json::value::RawValue;

const PROVIDER: &str = "Xendit";

/// The header that carries Xendit's callback verification token (HTTP header names are
/// case-insensitive; hosts look it up however their framework does).
pub const XENDIT_CALLBACK_TOKEN_HEADER: &str = "x-callback-token";

/// The fields we read; every other field stays in the raw payload only.
#[derive(Deserialize)]
struct Body {
    id: Option<String>,
    external_id: Option<String>,
    status: Option<String>,
    amount: Option<Box<RawValue>>,
    currency: Option<String>,
    payment_method: Option<String>,
    paid_at: Option<String>,
}

/// Maps an invoice `status` onto our [`PaymentStatus`], following the table in the
/// [module docs](super). `SETTLED` is `PAID` with the funds also credited to the balance: for
/// the booking, both mean paid.
///
/// # Errors
/// [`Error::PaymentRejected`](crate::Error::PaymentRejected) for any other status (statuses
/// are upper case, as Xendit sends them).
pub fn xendit_invoice_status(status: &str) -> Result<PaymentStatus> {
    match status {
        "PENDING" => Ok(PaymentStatus::Pending),
        "PAID" | "SETTLED" => Ok(PaymentStatus::Paid),
        "EXPIRED" => Ok(PaymentStatus::Expired),
        other => Err(reject(format!("unknown Xendit invoice status {other:?}"))),
    }
}

/// Parses and verifies a Xendit invoice callback from its raw body and the value of its
/// `x-callback-token` header ([`XENDIT_CALLBACK_TOKEN_HEADER`]; `None` when absent).
///
/// Checks, in order: the header is present and equals `expected_token` (in constant time); the
/// body is a JSON object; `id`, `external_id`, `status` and `amount` are present; the status
/// maps (see [`xendit_invoice_status`]); `amount` is a positive plain JSON number with at most
/// two decimal places that fits the money columns; `currency`, when present, is a
/// three-letter code (IDR when absent).
///
/// `order_id` is Xendit's `external_id` (the id we gave the invoice), `external_id` is
/// Xendit's invoice `id`, `paid_at_raw` is `paid_at` as sent.
///
/// # Errors
/// [`Error::PaymentRejected`](crate::Error::PaymentRejected) for a missing or wrong token and
/// for a callback that is malformed or not understood;
/// [`Error::Validation`](crate::Error::Validation) on `expected_token` when it is empty.
///
/// ```
/// use blajarplus::payments::parse_xendit_invoice;
/// use blajarplus::types::PaymentStatus;
///
/// let body = br#"{"id":"579c8d61f23fa4ca35e52da4","external_id":"order-1",
///                 "status":"PAID","amount":150000,"currency":"IDR",
///                 "payment_method":"BANK_TRANSFER","paid_at":"2026-03-02T03:00:05.000Z"}"#;
/// let n = parse_xendit_invoice(body, Some("tok"), "tok")?;
/// assert_eq!((n.status, n.amount.to_string().as_str()), (PaymentStatus::Paid, "150000"));
///
/// let err = parse_xendit_invoice(body, Some("guess"), "tok").unwrap_err();
/// assert_eq!(err.code(), "payment_rejected");
/// # Ok::<(), blajarplus::Error>(())
/// ```
pub fn parse_xendit_invoice(
    body: &[u8],
    callback_token_header: Option<&str>,
    expected_token: &str,
) -> Result<PaymentNotification> {
    require_secret("expected_token", expected_token)?;
    let Some(token) = callback_token_header else {
        return Err(reject("Xendit callback has no x-callback-token header"));
    };
    if !secrets_equal(token.as_bytes(), expected_token.as_bytes()) {
        return Err(reject("Xendit x-callback-token does not match"));
    }

    let raw_payload = json_object(body, PROVIDER)?;
    // From the bytes, not from `raw_payload`: only this reader keeps the amount's exact text
    // and refuses a repeated field.
    let fields: Body = serde_json::from_slice(body)
        .map_err(|e| reject(format!("malformed Xendit notification: {e}")))?;

    let external_id = required(fields.id, "id", PROVIDER)?;
    let order_id = required(fields.external_id, "external_id", PROVIDER)?;
    let status_text = required(fields.status, "status", PROVIDER)?;
    let status = xendit_invoice_status(&status_text)?;
    let amount_text = fields
        .amount
        .ok_or_else(|| reject("Xendit notification has no amount"))?;
    let amount_text = amount_text.get();
    if !amount_text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return Err(reject(format!(
            "Xendit amount must be a JSON number, not {amount_text}"
        )));
    }
    let amount = parse_amount("amount", amount_text)?;
    let currency = parse_currency(fields.currency.as_deref())?;
    let dedup_key = dedup_key(
        PaymentProvider::Xendit,
        status,
        Some(&external_id),
        &order_id,
    );
    Ok(PaymentNotification {
        provider: PaymentProvider::Xendit,
        order_id,
        external_id: Some(external_id),
        status,
        amount,
        currency,
        payment_method: non_empty(fields.payment_method),
        paid_at_raw: non_empty(fields.paid_at),
        dedup_key,
        raw_payload,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Currency;
    use rust_decimal::Decimal;

    const TOKEN: &str = "xnd-callback-TEST-8f1c";

    /// A callback body with `amount` spliced in as raw JSON text.
    fn body(status: &str, amount: &str) -> Vec<u8> {
        format!(
            r#"{{"id":"579c8d61f23fa4ca35e52da4","external_id":"order-1","user_id":"5781d19b2e2385880609791c",
               "is_high":false,"payment_method":"BANK_TRANSFER","status":"{status}","merchant_name":"Blajarplus",
               "amount":{amount},"paid_amount":{amount},"bank_code":"BCA","paid_at":"2026-03-02T03:00:05.000Z",
               "currency":"IDR","payment_channel":"BCA"}}"#
        )
        .into_bytes()
    }

    fn parse(body: &[u8]) -> Result<PaymentNotification> {
        parse_xendit_invoice(body, Some(TOKEN), TOKEN)
    }

    fn rejected(body: &[u8]) -> String {
        let err = parse(body).unwrap_err();
        assert_eq!(err.code(), "payment_rejected", "{err}");
        err.to_string()
    }

    #[test]
    fn a_paid_invoice_becomes_a_paid_notification() {
        let n = parse(&body("PAID", "150000")).unwrap();
        assert_eq!(n.provider, PaymentProvider::Xendit);
        assert_eq!(n.order_id, "order-1");
        assert_eq!(n.external_id.as_deref(), Some("579c8d61f23fa4ca35e52da4"));
        assert_eq!(n.status, PaymentStatus::Paid);
        assert_eq!(n.amount, Decimal::new(150_000, 0));
        assert_eq!(n.currency, Currency::IDR);
        assert_eq!(n.payment_method.as_deref(), Some("BANK_TRANSFER"));
        assert_eq!(n.paid_at_raw.as_deref(), Some("2026-03-02T03:00:05.000Z"));
        assert_eq!(n.dedup_key, "xendit:paid:tx:579c8d61f23fa4ca35e52da4");
        assert_eq!(n.raw_payload["bank_code"], "BCA");
    }

    #[test]
    fn the_callback_token_must_match() {
        let b = body("PAID", "150000");
        let missing = parse_xendit_invoice(&b, None, TOKEN).unwrap_err();
        assert_eq!(missing.code(), "payment_rejected");
        assert!(missing.to_string().contains("x-callback-token"));
        for wrong in [
            "",
            "xnd-callback-TEST-8f1d",
            "xnd-callback-TEST-8f1",
            "XND-CALLBACK-TEST-8F1C",
            " xnd-callback-TEST-8f1c",
        ] {
            let err = parse_xendit_invoice(&b, Some(wrong), TOKEN).unwrap_err();
            assert_eq!(err.code(), "payment_rejected", "{wrong:?}");
        }
        assert!(parse_xendit_invoice(&b, Some(TOKEN), TOKEN).is_ok());
        // A bad token is refused before the body is even read.
        let err = parse_xendit_invoice(b"not json", Some("wrong"), TOKEN).unwrap_err();
        assert!(err.to_string().contains("x-callback-token"), "{err}");
    }

    #[test]
    fn an_empty_expected_token_is_a_configuration_mistake() {
        let err = parse_xendit_invoice(&body("PAID", "1"), Some(""), "").unwrap_err();
        assert_eq!(err.code(), "validation");
        assert_eq!(err.field(), Some("expected_token"));
    }

    #[test]
    fn every_status_maps_as_documented() {
        use PaymentStatus::*;
        for (s, want) in [
            ("PENDING", Pending),
            ("PAID", Paid),
            ("SETTLED", Paid),
            ("EXPIRED", Expired),
        ] {
            assert_eq!(parse(&body(s, "150000")).unwrap().status, want, "{s}");
            assert_eq!(xendit_invoice_status(s).unwrap(), want);
        }
        for s in ["paid", "FAILED", "ACTIVE", "REFUNDED", ""] {
            rejected(&body(s, "150000"));
            assert!(xendit_invoice_status(s).is_err());
        }
    }

    #[test]
    fn paid_and_settled_are_one_effect() {
        let paid = parse(&body("PAID", "150000")).unwrap();
        let settled = parse(&body("SETTLED", "150000")).unwrap();
        assert_eq!(paid.dedup_key, settled.dedup_key);
        assert_ne!(
            paid.dedup_key,
            parse(&body("EXPIRED", "150000")).unwrap().dedup_key
        );
    }

    #[test]
    fn amounts_are_read_from_the_exact_number_text() {
        let n = parse(&body("PAID", "9999999999.99")).unwrap();
        assert_eq!(n.amount.to_string(), "9999999999.99");
        assert_eq!(n.amount, crate::types::MAX_AMOUNT);
        // Through f64 this would not be 0.3 exactly.
        assert_eq!(
            parse(&body("PAID", "0.3")).unwrap().amount,
            Decimal::new(3, 1)
        );
        assert_eq!(
            parse(&body("PAID", "150000.50"))
                .unwrap()
                .amount
                .to_string(),
            "150000.50"
        );
        assert_eq!(
            parse(&body("PAID", "1.500")).unwrap().amount,
            Decimal::new(15, 1)
        );

        for bad in [
            "1.005",
            "10000000000",
            "0",
            "-150000",
            "1.5e5",
            "1E5",
            "123456789012345678901234567890123456789",
        ] {
            let msg = rejected(&body("PAID", bad));
            assert!(msg.contains("amount"), "{bad}: {msg}");
        }
        for not_a_number in ["\"150000\"", "null", "true", "[150000]", "{\"v\":1}"] {
            let msg = rejected(&body("PAID", not_a_number));
            assert!(msg.contains("amount"), "{not_a_number}: {msg}");
        }
    }

    #[test]
    fn missing_and_malformed_fields_are_rejected() {
        let full: serde_json::Value = serde_json::from_slice(&body("PAID", "150000")).unwrap();
        for field in ["id", "external_id", "status", "amount"] {
            let mut v = full.clone();
            v.as_object_mut().unwrap().remove(field);
            let msg = rejected(v.to_string().as_bytes());
            assert!(msg.contains(field), "{field}: {msg}");
        }
        let mut v = full.clone();
        v["id"] = serde_json::json!(12345);
        rejected(v.to_string().as_bytes());
        rejected(b"");
        rejected(b"{");
        rejected(b"[]");
        rejected(b"150000");
        // A repeated amount must not be read two ways.
        rejected(br#"{"id":"a","external_id":"o","status":"PAID","amount":1,"amount":2}"#);
    }

    #[test]
    fn currency_defaults_to_idr_and_must_be_a_code() {
        let mut v: serde_json::Value = serde_json::from_slice(&body("PAID", "10")).unwrap();
        v.as_object_mut().unwrap().remove("currency");
        assert_eq!(
            parse(v.to_string().as_bytes()).unwrap().currency,
            Currency::IDR
        );
        v["currency"] = serde_json::json!("PHP");
        assert_eq!(
            parse(v.to_string().as_bytes()).unwrap().currency.as_str(),
            "PHP"
        );
        for bad in ["idr", "RUPIAH", ""] {
            v["currency"] = serde_json::json!(bad);
            let msg = rejected(v.to_string().as_bytes());
            assert!(msg.contains("currency"), "{bad}: {msg}");
        }
    }
}
