//! Tracing, on SQLite and PostgreSQL: every use case is a span named after it, a failure
//! records its error code, SQL statements are DEBUG events inside the use case's span — and
//! no password, password hash, email, phone number, signature, token or database password
//! reaches the log, at any level.
//!
//! One process-wide subscriber captures everything (TRACE, span openings and closings):
//! SQLite runs statements on a worker thread of its own, which a thread-local subscriber
//! would not see. The two tests take turns so each reads only its own story.

mod support;

use blajarplus::marketplace::*;
use blajarplus::store::Store;
use blajarplus::types::*;
use blajarplus::{Actor, Marketplace};
use std::io;
use std::sync::{Arc, Mutex, OnceLock};
use support::market::*;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

const PASSWORD: &str = "Rahasia-Siti-9131";
const WRONG_PASSWORD: &str = "Salah-Sandi-4242";
const NEW_PASSWORD: &str = "Sandi-Baru-7077";
const EMAIL: &str = "siti.tracing@example.id";
const BAD_EMAIL: &str = "siti.tracing@@example";
const PHONE: &str = "0813 7777 1234";
const PHONE_E164: &str = "+6281377771234";
const WRONG_TOKEN: &str = "xnd-forged-token-5150";
const DB_PASSWORD: &str = "db-sandi-6262";

/// The log of the whole process.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    /// Everything logged since the last call.
    fn take(&self) -> String {
        let bytes = std::mem::take(&mut *self.0.lock().unwrap());
        String::from_utf8(bytes).unwrap()
    }
}

impl io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl MakeWriter<'_> for Capture {
    type Writer = Capture;
    fn make_writer(&self) -> Capture {
        self.clone()
    }
}

/// Installs the capturing subscriber (once per process) and returns its log.
fn capture() -> &'static Capture {
    static LOG: OnceLock<Capture> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Capture::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(log.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(FmtSpan::NEW | FmtSpan::CLOSE)
            .without_time()
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other subscriber");
        log
    })
}

/// One test at a time: the subscriber is global.
static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    let _turn = TURN.lock().await;
    capture().take();
    let store = support::sqlite_store().await;
    story(store, "sqlite::memory:".into(), None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    let _turn = TURN.lock().await;
    capture().take();
    let url = support::pg_database_url().await;
    let store = Store::open(&url).await.unwrap();
    // The test server trusts local connections, so a password in the URL is sent nowhere
    // but must not be logged either. (A URL that already has one is used as it is.)
    let with_password = url.replacen("://postgres@", &format!("://postgres:{DB_PASSWORD}@"), 1);
    let secret = (with_password != url).then_some(DB_PASSWORD);
    story(store, with_password, secret).await;
}

async fn story(store: Store, url: String, db_password: Option<&str>) {
    let w = world(store).await;
    Marketplace::open(&url).await.unwrap();

    let siti =
        w.m.register_user(NewUser {
            role: Role::Student,
            full_name: "Siti Rahma".into(),
            email: Some(EMAIL.into()),
            phone: Some(PHONE.into()),
            password: Some(PASSWORD.into()),
        })
        .await
        .unwrap();
    // The message of this error quotes the email: only its code may be logged.
    let bad =
        w.m.register_user(NewUser {
            role: Role::Student,
            full_name: "Siti Rahma".into(),
            email: Some(BAD_EMAIL.into()),
            phone: None,
            password: Some(PASSWORD.into()),
        })
        .await
        .unwrap_err();
    assert!(bad.to_string().contains(BAD_EMAIL), "{bad}");
    let wrong = w.m.login(EMAIL, WRONG_PASSWORD).await.unwrap_err();
    assert_eq!(wrong.code(), "unauthenticated");
    w.m.login(PHONE, PASSWORD).await.unwrap();
    let student = Actor::student(siti.id);
    w.m.change_password(&student, Some(PASSWORD.into()), NEW_PASSWORD.into())
        .await
        .unwrap();
    w.m.login(EMAIL, NEW_PASSWORD).await.unwrap();

    let booking =
        w.m.create_booking(&student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    let checkout =
        w.m.checkout(&student, booking.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    let order = checkout.payment.id.to_string();
    let gross = format!("{:.2}", checkout.payment.amount);
    let signature = blajarplus::payments::sign_midtrans(&order, "200", &gross, MIDTRANS_KEY);
    let xendit = serde_json::json!({
        "id": "inv-trace", "external_id": order, "status": "PAID",
        "amount": checkout.payment.amount, "currency": "IDR",
    })
    .to_string();
    let forged =
        w.m.handle_xendit_callback(xendit.as_bytes(), Some(WRONG_TOKEN))
            .await
            .unwrap_err();
    assert_eq!(forged.code(), "payment_rejected");
    let midtrans = serde_json::json!({
        "order_id": order, "status_code": "200", "gross_amount": gross,
        "signature_key": signature, "transaction_status": "settlement",
        "transaction_id": "tx-trace", "payment_type": "bank_transfer", "currency": "IDR",
        "fraud_status": "accept",
    })
    .to_string();
    assert_eq!(
        w.m.handle_midtrans_notification(midtrans.as_bytes())
            .await
            .unwrap(),
        PaymentOutcome::Applied
    );

    let log = capture().take();
    let lines: Vec<&str> = log.lines().collect();
    assert!(lines.len() > 50, "too little was captured:\n{log}");

    // Nothing secret, at any level: the inputs, their normalised forms, the stored hash, the
    // webhook's signature and body, the provider secrets, the database password.
    let mut secrets = vec![
        PASSWORD,
        WRONG_PASSWORD,
        NEW_PASSWORD,
        EMAIL,
        BAD_EMAIL,
        PHONE,
        PHONE_E164,
        "$argon2",
        signature.as_str(),
        "signature_key",
        MIDTRANS_KEY,
        XENDIT_TOKEN,
        WRONG_TOKEN,
        "budi@example.id",
        "+6281234567890",
        "rina@example.id",
        "admin@blajarplus.id",
    ];
    secrets.extend(db_password);
    for secret in secrets {
        let leaks: Vec<&&str> = lines.iter().filter(|l| l.contains(secret)).collect();
        assert!(leaks.is_empty(), "{secret:?} was logged:\n{leaks:#?}");
    }

    // Each use case is a span named after it, with the actor's role and the ids it touched.
    for name in [
        "open",
        "register_user",
        "login",
        "change_password",
        "create_booking",
        "checkout",
        "handle_xendit_callback",
        "handle_midtrans_notification",
        "apply_payment_update",
    ] {
        assert!(
            lines.iter().any(|l| in_span(l, name)),
            "no span {name}:\n{log}"
        );
    }
    let created = format!("booking.id={}", booking.id);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("create_booking{actor.role=student") && l.contains(&created)),
        "create_booking's span lacks its actor or booking:\n{log}"
    );
    assert!(log.contains(&format!("payment.id={order}")), "{log}");

    // A failure records its code (never the message): WARN when the request was refused.
    let failed = |span: &str, code: &str| {
        lines.iter().any(|l| {
            l.trim_start().starts_with("WARN")
                && in_span(l, span)
                && l.contains(&format!("error.code=\"{code}\""))
        })
    };
    assert!(failed("login", "unauthenticated"), "{log}");
    assert!(failed("register_user", "validation"), "{log}");
    assert!(
        failed("handle_xendit_callback", "payment_rejected"),
        "{log}"
    );
    assert!(
        !log.contains("is not an email address"),
        "an error message was logged"
    );

    // SQL statements are DEBUG events inside the use case that ran them.
    let statement = |span: &str, sql: &str| {
        lines.iter().any(|l| {
            l.trim_start().starts_with("DEBUG")
                && in_span(l, span)
                && l.contains("sqlx::query")
                && l.contains(sql)
        })
    };
    assert!(statement("create_booking", "INSERT INTO bookings"), "{log}");
    assert!(statement("change_password", "UPDATE users"), "{log}");
    assert!(
        statement("apply_payment_update", "INSERT INTO payment_events"),
        "{log}"
    );
}

/// Whether a line of the fmt subscriber was logged inside the span `name`: the line's context
/// lists it as `name{fields}:` or, before any field has a value, `name:`.
fn in_span(line: &str, name: &str) -> bool {
    [" ", ":"].iter().any(|before| {
        line.contains(&format!("{before}{name}{{")) || line.contains(&format!("{before}{name}: "))
    })
}

/// Every use case of the facade opens its span first, named after it: a method added later
/// without one fails here.
#[test]
fn every_facade_method_opens_its_span() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/marketplace");
    let mut methods = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for rest in source.split("\n    pub async fn ").skip(1) {
            let name = &rest[..rest.find('(').unwrap()];
            // The first statement, without whitespace (rustfmt may break it anywhere).
            let first: String = rest[rest.find('{').unwrap() + 1..]
                .chars()
                .filter(|c| !c.is_whitespace())
                .take_while(|c| *c != ';')
                .collect();
            assert!(
                first.starts_with(&format!("letspan=use_case!(\"{name}\"")),
                "{name} does not open its span, named after it, first: {first}"
            );
            methods += 1;
        }
    }
    assert!(methods >= 92, "found only {methods} facade methods");
}
