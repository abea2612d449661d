//! Core → Python: every result goes through [`Out`], written once.
//!
//! Core records derive `Serialize`; a result is serialized to JSON (ids, decimals and instants
//! as their exact strings) together with its kind (`"Booking"`, `"list[Interval]"`), and
//! `blajarplus._wire.decode` builds the Python class of that kind, converting each field by its
//! annotation (`uuid.UUID`, `decimal.Decimal`, aware `datetime`, the `str` enums). The record
//! classes are generated from core's sources (`tools/gen_types.py`), and decoding is strict: a
//! field core adds that Python lacks fails loudly instead of vanishing.

use blajarplus::ledger::LedgerReport;
use blajarplus::marketplace::{
    Catalog, Checkout, ConversationSummary, DueReport, Inbox, PackageCheckout, PaymentOutcome,
};
use blajarplus::search::{SearchPage, TutorSummary};
use blajarplus::slots::Interval;
use blajarplus::types::*;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use serde_json::{Value, json};

/// A core result that crosses to Python: its kind (a class name in `blajarplus._wire`) and
/// its JSON form.
pub(crate) trait Wire {
    /// The Python class (or `list[Class]`) this decodes into.
    fn kind() -> String;
    /// The JSON form.
    fn wire(&self) -> serde_json::Result<Value>;
}

/// Records serialize themselves; their kind is the Rust (and Python) type name. Secrets
/// (`User - password_hash`) never cross: the field is dropped here, and `tools/gen_types.py`
/// leaves it out of the Python class (strict decoding keeps the two lists in step).
macro_rules! records {
    ($($t:ident $(- $hidden:ident)*),* $(,)?) => {
        $(impl Wire for $t {
            fn kind() -> String {
                stringify!($t).into()
            }
            #[allow(unused_mut)]
            fn wire(&self) -> serde_json::Result<Value> {
                let mut value = serde_json::to_value(self)?;
                $(if let Value::Object(fields) = &mut value {
                    fields.remove(stringify!($hidden));
                })*
                Ok(value)
            }
        })*

        /// Every kind the binding can return (the tests check Python has a class for each).
        pub(crate) const KINDS: &[&str] = &[
            $(stringify!($t),)*
            "Checkout", "PackageCheckout", "Interval", "DueReport", "LedgerReport", "PaymentOutcome",
            "None", "bool", "int",
        ];
    };
}
records!(
    User - password_hash,
    UserAddress,
    TutorProfile,
    SubjectCategory,
    Subject,
    TutorSubject,
    TutorDocument,
    TutorAvailability,
    TutorTimeOff,
    Booking,
    BookingStatusLog,
    PaymentTransaction,
    Wallet,
    LedgerEntry,
    Conversation,
    Message,
    Review,
    ProgressLog,
    Favorite,
    LessonPackage,
    PackagePurchase,
    Report,
    Notification,
    TutorDateOverride,
    PaymentEvent,
    WithdrawalRequest,
    OutboxEvent,
    FavoriteTutor,
    Catalog,
    ConversationSummary,
    Inbox,
    SearchPage,
    TutorSummary,
);

/// Plain values: their kind is the Python type they decode to.
macro_rules! scalars {
    ($($t:ty => $kind:literal),* $(,)?) => { $(
        impl Wire for $t {
            fn kind() -> String {
                $kind.into()
            }
            fn wire(&self) -> serde_json::Result<Value> {
                serde_json::to_value(self)
            }
        }
    )* };
}
scalars!(() => "None", bool => "bool", i64 => "int", u64 => "int");

impl<T: Wire> Wire for Vec<T> {
    fn kind() -> String {
        format!("list[{}]", T::kind())
    }
    fn wire(&self) -> serde_json::Result<Value> {
        self.iter()
            .map(Wire::wire)
            .collect::<Result<_, _>>()
            .map(Value::Array)
    }
}

// Facade results without `Serialize` in core: their fields, spelled out once here.

impl Wire for Checkout {
    fn kind() -> String {
        "Checkout".into()
    }
    fn wire(&self) -> serde_json::Result<Value> {
        Ok(json!({ "booking": self.booking.wire()?, "payment": self.payment.wire()? }))
    }
}

impl Wire for PackageCheckout {
    fn kind() -> String {
        "PackageCheckout".into()
    }
    fn wire(&self) -> serde_json::Result<Value> {
        Ok(json!({ "purchase": self.purchase.wire()?, "payment": self.payment.wire()? }))
    }
}

impl Wire for Interval {
    fn kind() -> String {
        "Interval".into()
    }
    fn wire(&self) -> serde_json::Result<Value> {
        Ok(json!({ "start": self.start, "end": self.end }))
    }
}

impl Wire for DueReport {
    fn kind() -> String {
        "DueReport".into()
    }
    fn wire(&self) -> serde_json::Result<Value> {
        let DueReport {
            expired,
            completed,
            reminded,
            purchases_cancelled,
            purchases_expired,
            response_rates_updated,
            skipped,
        } = *self;
        Ok(json!({
            "expired": expired, "completed": completed, "reminded": reminded,
            "purchases_cancelled": purchases_cancelled, "purchases_expired": purchases_expired,
            "response_rates_updated": response_rates_updated, "skipped": skipped,
        }))
    }
}

impl Wire for LedgerReport {
    fn kind() -> String {
        "LedgerReport".into()
    }
    fn wire(&self) -> serde_json::Result<Value> {
        let LedgerReport {
            movements,
            entries,
            held,
            escrow,
            platform,
            wallets,
            violations,
        } = self;
        Ok(json!({
            "movements": movements, "entries": entries, "held": held, "escrow": escrow,
            "platform": platform, "wallets": wallets, "violations": violations,
        }))
    }
}

impl Wire for PaymentOutcome {
    fn kind() -> String {
        "PaymentOutcome".into()
    }
    fn wire(&self) -> serde_json::Result<Value> {
        Ok(Value::from(match self {
            PaymentOutcome::Applied => "applied",
            PaymentOutcome::Duplicate => "duplicate",
            PaymentOutcome::Ignored => "ignored",
            PaymentOutcome::RefundedLate => "refunded_late",
        }))
    }
}

/// A method's result on its way to Python.
pub(crate) struct Out<T>(pub T);

impl<'py, T: Wire> IntoPyObject<'py> for Out<T> {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        static DECODE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let json = self
            .0
            .wire()
            .and_then(|v| serde_json::to_string(&v))
            .map_err(|e| PyRuntimeError::new_err(format!("cannot serialize {}: {e}", T::kind())))?;
        DECODE
            .import(py, "blajarplus._wire", "decode")?
            .call1((T::kind(), json))
    }
}
