//! `Marketplace` (blocking) and `AsyncMarketplace` (awaitable): the facade, twice, from one
//! list.
//!
//! Each line of the [`facade!`] invocation at the bottom binds one core method: its Python
//! parameters (`Arg<T>` required, `Opt<T>` defaulting to `None`, converted by
//! [`crate::convert`]), its core result type (converted by [`crate::wire`]) and the call.
//! The macro emits the method on both classes: the blocking one waits on the shared runtime
//! with the GIL released, the async one returns an awaitable. A bad argument raises
//! `ValidationError` before anything reaches the database: from the blocking call, or from the
//! awaitable (never from the async call itself). Binding a new facade method is one entry here
//! plus its two lines in `_native.pyi`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use blajarplus::clock::Clock;
use blajarplus::ledger::LedgerReport;
use blajarplus::marketplace::{
    AvailabilityRule, Catalog, Checkout, DisputeResolution, DueReport, Inbox, NewAddress,
    NewBooking, NewMessage, NewPackage, NewReport, NewReview, NewTutorProfile, NewTutorSubject,
    NewUser, PackageCheckout, PaymentKeys, PaymentOutcome, PaymentUpdate, ProfileUpdate,
    ProgressNote, TutorSubjectUpdate,
};
use blajarplus::policy::Policy;
use blajarplus::search::{SearchPage, TutorSearch};
use blajarplus::slots::Interval;
use blajarplus::types::*;
use blajarplus::{Actor, Error};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use pyo3::prelude::*;
use rust_decimal::Decimal;

use crate::convert::{Arg, Body, Core, Opt};
use crate::error::{self, ArgError, CallError};
use crate::fork::{self, Owned, SqliteUse};
use crate::runtime;
use crate::wire::Out;

/// A clock that stands still until moved (`blajarplus::clock::FixedClock`), for tests and
/// simulations: pass it to `Marketplace.open(..., clock=...)`.
#[pyclass(module = "blajarplus", frozen)]
pub(crate) struct FixedClock(Arc<blajarplus::clock::FixedClock>);

#[pymethods]
impl FixedClock {
    /// A clock showing `at` (a timezone-aware datetime).
    #[new]
    fn new(at: Arg<DateTime<Utc>>) -> PyResult<Self> {
        let at = at.core("at").map_err(error::to_py_err)?;
        Ok(FixedClock(Arc::new(blajarplus::clock::FixedClock::new(at))))
    }

    /// Moves the clock to `at`.
    fn set(&self, at: Arg<DateTime<Utc>>) -> PyResult<()> {
        self.0.set(at.core("at").map_err(error::to_py_err)?);
        Ok(())
    }

    /// Moves the clock forward by `by` (a `datetime.timedelta`).
    fn advance(&self, by: Arg<chrono::Duration>) -> PyResult<()> {
        self.0.advance(by.core("by").map_err(error::to_py_err)?);
        Ok(())
    }

    /// The instant the clock shows (UTC).
    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }

    fn __repr__(&self) -> String {
        format!("FixedClock({})", self.0.now().to_rfc3339())
    }
}

/// An open marketplace: the core facade and, on SQLite, its count as an open SQLite pool of this
/// process (see [`SqliteUse`]). Every call in flight holds a clone.
#[derive(Clone)]
pub(crate) struct Opened {
    market: blajarplus::Marketplace,
    sqlite: Option<Arc<SqliteUse>>,
    /// Set by `close()` (shared by `to_async()`/`to_sync()` twins: one pool).
    closed: Arc<AtomicBool>,
}

impl Opened {
    /// The facade, or `ConfigError` once `close()` was called.
    fn market(&self) -> Result<&blajarplus::Marketplace, Error> {
        if self.closed.load(Ordering::Acquire) {
            return Err(Error::Config(
                "the marketplace is closed (close() was called); open a new one".into(),
            ));
        }
        Ok(&self.market)
    }

    async fn close(self) -> Result<(), Error> {
        self.closed.store(true, Ordering::Release);
        self.market.store().close().await;
        if let Some(file) = &self.sqlite {
            file.release();
        }
        Ok(())
    }
}

/// Opens the database at `url` (migrating it) with the given keys, clock and policy. SQLite is
/// refused (`ConfigError`) in a process forked from one that had SQLite marketplaces open.
async fn open(
    url: String,
    keys: PaymentKeys,
    clock: Option<Py<FixedClock>>,
    policy: Option<Policy>,
) -> Result<Opened, Error> {
    let mut sqlite = if fork::is_sqlite(&url) {
        Some(SqliteUse::start().map_err(Error::Config)?)
    } else {
        None
    };
    let mut m = blajarplus::Marketplace::open(&url)
        .await?
        .with_payment_keys(keys);
    if let Some(clock) = clock {
        m = m.with_clock(clock.get().0.clone() as Arc<dyn Clock>);
    }
    if let Some(policy) = policy {
        m = m.with_policy(policy);
    }
    if let Some(sqlite) = &mut sqlite {
        sqlite.opened(m.clone());
    }
    Ok(Opened {
        market: m,
        sqlite: sqlite.map(Arc::new),
        closed: Arc::new(AtomicBool::new(false)),
    })
}

/// The arguments of `open`, converted (each error naming its argument), as the opening to
/// await.
fn open_args(
    url: Arg<String>,
    midtrans_server_key: Opt<String>,
    xendit_callback_token: Opt<String>,
    clock: Opt<Py<FixedClock>>,
    policy: Opt<Policy>,
) -> Result<impl Future<Output = Result<Opened, Error>> + Send + 'static, ArgError> {
    let url = url.core("url")?;
    let keys = PaymentKeys {
        midtrans_server_key: midtrans_server_key.core("midtrans_server_key")?,
        xendit_callback_token: xendit_callback_token.core("xendit_callback_token")?,
    };
    let clock = clock.core("clock")?;
    let policy = policy.core("policy")?;
    Ok(open(url, keys, clock, policy))
}

fn repr(class: &str, m: &Owned<Opened>) -> String {
    match m.here() {
        Some(m) => format!(
            "<blajarplus.{class} on {}>",
            m.market.store().backend().as_str()
        ),
        // Another process's: say so rather than raise (a repr must not fail).
        None => format!(
            "<blajarplus.{class} opened in process {}: unusable in this one>",
            m.pid()
        ),
    }
}

/// Emits `#[pymethods]` for both classes: the hand-written methods of each (`sync { … }`,
/// `async { … }`) and every facade entry (`fn name(m, param: Type, …) -> CoreResult => call;`,
/// with an optional `#[pyo3(signature = …)]` and doc comments).
macro_rules! facade {
    (
        sync { $($sync:tt)* }
        async { $($async:tt)* }
        $(
            $(#[doc = $doc:literal])*
            $(#[pyo3($($attr:tt)*)])?
            fn $name:ident($m:ident $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty => $call:expr;
        )*
    ) => {
        #[pymethods]
        impl Marketplace {
            $($sync)*
            $(
                $(#[doc = $doc])*
                $(#[pyo3($($attr)*)])?
                fn $name(&self, py: Python<'_> $(, $arg: $ty)*) -> PyResult<Out<$ret>> {
                    let opened = self.0.get("Marketplace")?.clone();
                    $(let $arg = Core::core($arg, stringify!($arg)).map_err(error::to_py_err)?;)*
                    runtime::block_on(py, async move {
                        let $m = opened.market()?;
                        $call.await.map(Out)
                    })
                }
            )*
        }

        #[pymethods]
        impl AsyncMarketplace {
            $($async)*
            $(
                $(#[doc = $doc])*
                $(#[pyo3($($attr)*)])?
                fn $name<'py>(&self, py: Python<'py> $(, $arg: $ty)*) -> PyResult<Bound<'py, PyAny>> {
                    let opened = self.0.get("AsyncMarketplace")?.clone();
                    $(let $arg = Core::core($arg, stringify!($arg));)*
                    runtime::future_into_py(py, async move {
                        // A bad argument fails the awaitable, not the call.
                        $(let $arg = $arg?;)*
                        let $m = opened.market()?;
                        Ok::<_, CallError>(Out($call.await?))
                    })
                }
            )*
        }
    };
}

/// The marketplace, blocking API (Django, scripts, notebooks): every method waits for its
/// result with the GIL released, so other Python threads keep running.
///
/// Bound to the process that opened it: in a forked child every method raises `ConfigError`
/// (see [`Owned`]).
#[pyclass(module = "blajarplus", frozen)]
pub(crate) struct Marketplace(Owned<Opened>);

/// The marketplace, asyncio API (FastAPI, aiohttp): every method returns an awaitable; the
/// work runs on the binding's tokio runtime, never blocking the event loop.
///
/// Bound to the process that opened it, as [`Marketplace`].
#[pyclass(module = "blajarplus", frozen)]
pub(crate) struct AsyncMarketplace(Owned<Opened>);

facade! {
    sync {
        /// Opens the database at `url` (`sqlite::memory:`, `sqlite://FILE`, `postgres://…`),
        /// bringing its schema up to date.
        #[staticmethod]
        #[pyo3(signature = (url, *, midtrans_server_key=None, xendit_callback_token=None, clock=None, policy=None))]
        fn open(
            py: Python<'_>,
            url: Arg<String>,
            midtrans_server_key: Opt<String>,
            xendit_callback_token: Opt<String>,
            clock: Opt<Py<FixedClock>>,
            policy: Opt<Policy>,
        ) -> PyResult<Self> {
            let fut = open_args(url, midtrans_server_key, xendit_callback_token, clock, policy)
                .map_err(error::to_py_err)?;
            runtime::block_on(py, async move { fut.await.map(|m| Marketplace(Owned::new(m))) })
        }

        /// The same marketplace (same pool, clock and keys) with the asyncio API.
        fn to_async(&self) -> PyResult<AsyncMarketplace> {
            Ok(AsyncMarketplace(Owned::new(self.0.get("Marketplace")?.clone())))
        }

        /// Closes the connection pool; later calls raise `ConfigError` (closing again does
        /// nothing). In a process forked from the one that opened it, only lets go of it: the
        /// opener's connections stay open, later calls raise `ConfigError`.
        fn close(&self, py: Python<'_>) -> PyResult<()> {
            let Some(opened) = self.0.here().cloned() else {
                return Ok(());
            };
            runtime::block_on(py, opened.close())
        }

        fn __enter__(slf: Bound<'_, Self>) -> PyResult<Bound<'_, Self>> {
            slf.get().0.get("Marketplace")?;
            Ok(slf)
        }

        #[pyo3(signature = (*_exc))]
        fn __exit__(&self, py: Python<'_>, _exc: &Bound<'_, pyo3::types::PyTuple>) -> PyResult<()> {
            self.close(py)
        }

        fn __repr__(&self) -> String {
            repr("Marketplace", &self.0)
        }
    }
    async {
        /// Opens the database at `url` (`sqlite::memory:`, `sqlite://FILE`, `postgres://…`),
        /// bringing its schema up to date; awaitable.
        #[staticmethod]
        #[pyo3(signature = (url, *, midtrans_server_key=None, xendit_callback_token=None, clock=None, policy=None))]
        fn open<'py>(
            py: Python<'py>,
            url: Arg<String>,
            midtrans_server_key: Opt<String>,
            xendit_callback_token: Opt<String>,
            clock: Opt<Py<FixedClock>>,
            policy: Opt<Policy>,
        ) -> PyResult<Bound<'py, PyAny>> {
            let fut = open_args(url, midtrans_server_key, xendit_callback_token, clock, policy);
            runtime::future_into_py(py, async move {
                Ok::<_, CallError>(AsyncMarketplace(Owned::new(fut?.await?)))
            })
        }

        /// The same marketplace (same pool, clock and keys) with the blocking API.
        fn to_sync(&self) -> PyResult<Marketplace> {
            Ok(Marketplace(Owned::new(self.0.get("AsyncMarketplace")?.clone())))
        }

        /// Closes the connection pool; later calls raise `ConfigError` (closing again does
        /// nothing). Awaitable. In a process forked from the one that opened it, only lets go
        /// of it: the opener's connections stay open, later calls raise `ConfigError`.
        fn close<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            let opened = self.0.here().cloned();
            runtime::future_into_py(py, async move {
                if let Some(opened) = opened {
                    opened.close().await?;
                }
                Ok::<_, Error>(Out(()))
            })
        }

        fn __aenter__<'py>(slf: Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
            slf.get().0.get("AsyncMarketplace")?;
            let py = slf.py();
            let this = slf.unbind();
            runtime::future_into_py(py, async move { Ok::<_, Error>(this) })
        }

        #[pyo3(signature = (*_exc))]
        fn __aexit__<'py>(&self, py: Python<'py>, _exc: &Bound<'py, pyo3::types::PyTuple>) -> PyResult<Bound<'py, PyAny>> {
            self.close(py)
        }

        fn __repr__(&self) -> String {
            repr("AsyncMarketplace", &self.0)
        }
    }

    // Accounts.
    /// Registers a student or a tutor.
    fn register_user(m, new: Arg<NewUser>) -> User => m.register_user(new);
    /// Creates the first admin; refused (`ForbiddenError`) once any admin exists.
    fn bootstrap_admin(m, full_name: Arg<String>, email: Arg<String>) -> User
        => m.bootstrap_admin(&full_name, &email);
    /// Creates another admin (admins only).
    fn create_admin(m, actor: Arg<Actor>, full_name: Arg<String>, email: Arg<String>) -> User
        => m.create_admin(&actor, &full_name, &email);
    /// The actor's own account.
    fn me(m, actor: Arg<Actor>) -> User => m.me(&actor);
    /// The actor's wallet (created empty on first use).
    fn my_wallet(m, actor: Arg<Actor>) -> Wallet => m.my_wallet(&actor);

    // Catalogue and tutors.
    /// Creates the actor's tutor profile, as a draft.
    fn create_tutor_profile(m, actor: Arg<Actor>, new: Arg<NewTutorProfile>) -> TutorProfile
        => m.create_tutor_profile(&actor, new);
    /// Creates a subject category (admin).
    fn create_category(m, actor: Arg<Actor>, name: Arg<String>) -> SubjectCategory
        => m.create_category(&actor, &name);
    /// Creates a subject (admin), optionally in a category.
    #[pyo3(signature = (actor, name, category=None))]
    fn create_subject(m, actor: Arg<Actor>, name: Arg<String>, category: Opt<CategoryId>) -> Subject
        => m.create_subject(&actor, &name, category);
    /// Adds a subject to the actor's teaching.
    fn add_tutor_subject(m, actor: Arg<Actor>, new: Arg<NewTutorSubject>) -> TutorSubject
        => m.add_tutor_subject(&actor, new);
    /// Replaces the actor's weekly availability with `rules`, atomically.
    fn set_weekly_availability(m, actor: Arg<Actor>, rules: Arg<Vec<AvailabilityRule>>)
        -> Vec<TutorAvailability> => m.set_weekly_availability(&actor, rules);
    /// Adds a time-off to the actor's calendar.
    #[pyo3(signature = (actor, start_at, end_at, reason=None))]
    fn add_time_off(m, actor: Arg<Actor>, start_at: Arg<DateTime<Utc>>, end_at: Arg<DateTime<Utc>>,
        reason: Opt<String>) -> TutorTimeOff => m.add_time_off(&actor, start_at, end_at, reason);
    /// Gives one local date other hours than the weekly rules (`hours` empty: closed).
    fn set_date_override(m, actor: Arg<Actor>, date: Arg<NaiveDate>,
        hours: Arg<Vec<(NaiveTime, NaiveTime)>>) -> Vec<TutorDateOverride>
        => m.set_date_override(&actor, date, hours);
    /// Makes the actor's draft profile bookable.
    fn publish_tutor_profile(m, actor: Arg<Actor>) -> TutorProfile => m.publish_tutor_profile(&actor);
    /// The tutor's free slots of `duration_minutes` starting in `[from_, to)`.
    fn available_slots(m, tutor: Arg<TutorProfileId>, from_: Arg<DateTime<Utc>>,
        to: Arg<DateTime<Utc>>, duration_minutes: Arg<i64>) -> Vec<Interval>
        => m.available_slots(tutor, from_, to, duration_minutes);

    // Bookings.
    /// Creates a booking as a draft, priced but not holding its slot yet.
    fn create_booking(m, actor: Arg<Actor>, new: Arg<NewBooking>) -> Booking
        => m.create_booking(&actor, new);
    /// Sends a draft to payment: holds the slot and creates the payment.
    fn checkout(m, actor: Arg<Actor>, booking: Arg<BookingId>, provider: Arg<PaymentProvider>)
        -> Checkout => m.checkout(&actor, booking, provider);
    /// Cancels a booking; a paid booking's escrow is settled per the policy.
    #[pyo3(signature = (actor, booking, reason=None))]
    fn cancel_booking(m, actor: Arg<Actor>, booking: Arg<BookingId>, reason: Opt<String>) -> Booking
        => m.cancel_booking(&actor, booking, reason);
    /// The student confirms the lesson took place: the escrow is released.
    fn confirm_lesson(m, actor: Arg<Actor>, booking: Arg<BookingId>) -> Booking
        => m.confirm_lesson(&actor, booking);
    /// The tutor reports that the student did not come.
    fn report_no_show(m, actor: Arg<Actor>, booking: Arg<BookingId>) -> Booking
        => m.report_no_show(&actor, booking);
    /// The student disputes the lesson; the escrow stays frozen until an admin resolves it.
    fn dispute_booking(m, actor: Arg<Actor>, booking: Arg<BookingId>, reason: Arg<String>) -> Booking
        => m.dispute_booking(&actor, booking, reason);
    /// An admin settles a dispute.
    #[pyo3(signature = (actor, booking, resolution, note=None))]
    fn resolve_dispute(m, actor: Arg<Actor>, booking: Arg<BookingId>,
        resolution: Arg<DisputeResolution>, note: Opt<String>) -> Booking
        => m.resolve_dispute(&actor, booking, resolution, note);
    /// Proposes another time for a confirmed booking.
    fn request_reschedule(m, actor: Arg<Actor>, booking: Arg<BookingId>,
        start_at: Arg<DateTime<Utc>>) -> Booking => m.request_reschedule(&actor, booking, start_at);
    /// The other party accepts or declines a reschedule request.
    fn respond_reschedule(m, actor: Arg<Actor>, booking: Arg<BookingId>, accept: Arg<bool>) -> Booking
        => m.respond_reschedule(&actor, booking, accept);
    /// A booking, for its student, its tutor or an admin.
    fn get_booking(m, actor: Arg<Actor>, booking: Arg<BookingId>) -> Booking
        => m.get_booking(&actor, booking);
    /// A booking's status history, oldest first.
    fn booking_history(m, actor: Arg<Actor>, booking: Arg<BookingId>) -> Vec<BookingStatusLog>
        => m.booking_history(&actor, booking);
    /// The actor's bookings overlapping `[from_, to)`.
    fn my_bookings(m, actor: Arg<Actor>, from_: Arg<DateTime<Utc>>, to: Arg<DateTime<Utc>>)
        -> Vec<Booking> => m.my_bookings(&actor, from_, to);

    // Lesson packages.
    /// A tutor offers a package of sessions.
    fn create_package(m, actor: Arg<Actor>, new: Arg<NewPackage>) -> LessonPackage
        => m.create_package(&actor, new);
    /// A tutor stops (or resumes) selling a package; purchases already made are not affected.
    fn set_package_active(m, actor: Arg<Actor>, package: Arg<PackageId>, is_active: Arg<bool>)
        -> LessonPackage => m.set_package_active(&actor, package, is_active);
    /// A tutor's packages: the ones on sale, or all of them for the tutor and admins.
    fn list_packages(m, actor: Arg<Actor>, tutor: Arg<TutorProfileId>) -> Vec<LessonPackage>
        => m.list_packages(&actor, tutor);
    /// A student buys a package: a purchase waiting for its payment.
    fn buy_package(m, actor: Arg<Actor>, package: Arg<PackageId>, provider: Arg<PaymentProvider>)
        -> PackageCheckout => m.buy_package(&actor, package, provider);
    /// The student's package purchases.
    fn my_purchases(m, actor: Arg<Actor>) -> Vec<PackagePurchase> => m.my_purchases(&actor);
    /// Confirms a draft booking with a session of the student's package purchase.
    fn book_with_package(m, actor: Arg<Actor>, booking: Arg<BookingId>, purchase: Arg<PurchaseId>)
        -> Booking => m.book_with_package(&actor, booking, purchase);

    // Payments.
    /// Handles a Midtrans HTTP notification from its raw body (signature checked).
    fn handle_midtrans_notification(m, body: Arg<Body>) -> PaymentOutcome
        => m.handle_midtrans_notification(&body.0);
    /// Handles a Xendit invoice callback from its raw body and `x-callback-token` header.
    #[pyo3(signature = (body, callback_token=None))]
    fn handle_xendit_callback(m, body: Arg<Body>, callback_token: Opt<String>) -> PaymentOutcome
        => m.handle_xendit_callback(&body.0, callback_token.as_deref());
    /// Applies an already verified provider notification, exactly once.
    fn apply_payment_update(m, update: Arg<PaymentUpdate>) -> PaymentOutcome
        => m.apply_payment_update(update);
    /// An admin confirms a `manual` payment.
    fn confirm_manual_payment(m, actor: Arg<Actor>, payment: Arg<PaymentId>) -> PaymentOutcome
        => m.confirm_manual_payment(&actor, payment);

    // Ledger and wallets.
    /// Recomputes every balance from the ledger and checks every invariant.
    fn verify_ledger(m) -> LedgerReport => m.verify_ledger();
    /// A tutor asks to withdraw `amount` from their wallet.
    fn request_withdrawal(m, actor: Arg<Actor>, amount: Arg<Decimal>) -> WithdrawalRequest
        => m.request_withdrawal(&actor, amount);
    /// An admin records a withdrawal as paid out.
    #[pyo3(signature = (actor, withdrawal, reference_id=None))]
    fn mark_withdrawal_paid(m, actor: Arg<Actor>, withdrawal: Arg<WithdrawalId>,
        reference_id: Opt<String>) -> WithdrawalRequest
        => m.mark_withdrawal_paid(&actor, withdrawal, reference_id);
    /// An admin refuses a withdrawal.
    #[pyo3(signature = (actor, withdrawal, note=None))]
    fn reject_withdrawal(m, actor: Arg<Actor>, withdrawal: Arg<WithdrawalId>, note: Opt<String>)
        -> WithdrawalRequest => m.reject_withdrawal(&actor, withdrawal, note);

    // Jobs.
    /// Does everything that has come due: expiries, auto-completion, reminders.
    fn run_due(m) -> DueReport => m.run_due();

    // Accounts and addresses.
    /// Signs in with an email or phone and a password (`UnauthenticatedError` when wrong).
    fn login(m, identifier: Arg<String>, password: Arg<String>) -> User
        => m.login(&identifier, &password);
    /// Sets the actor's password (`current` required when one is set).
    #[pyo3(signature = (actor, current, new_password))]
    fn change_password(m, actor: Arg<Actor>, current: Opt<String>, new_password: Arg<String>) -> ()
        => m.change_password(&actor, current, new_password);
    /// Edits the actor's own account.
    fn update_profile(m, actor: Arg<Actor>, changes: Arg<ProfileUpdate>) -> User
        => m.update_profile(&actor, changes);
    /// An admin suspends or reactivates a user.
    fn set_user_status(m, actor: Arg<Actor>, user: Arg<UserId>, status: Arg<UserStatus>) -> User
        => m.set_user_status(&actor, user, status);
    /// The actor deletes their own account (a soft delete that keeps the books).
    fn delete_account(m, actor: Arg<Actor>) -> User => m.delete_account(&actor);
    /// An admin deletes a user (a soft delete that keeps the books).
    fn delete_user(m, actor: Arg<Actor>, user: Arg<UserId>) -> User => m.delete_user(&actor, user);
    /// Adds an address to the actor's account.
    fn add_address(m, actor: Arg<Actor>, new: Arg<NewAddress>) -> UserAddress
        => m.add_address(&actor, new);
    /// Replaces one of the actor's addresses.
    fn update_address(m, actor: Arg<Actor>, address: Arg<AddressId>, new: Arg<NewAddress>)
        -> UserAddress => m.update_address(&actor, address, new);
    /// Makes one of the actor's addresses the primary one.
    fn set_primary_address(m, actor: Arg<Actor>, address: Arg<AddressId>) -> UserAddress
        => m.set_primary_address(&actor, address);
    /// Deletes one of the actor's addresses.
    fn delete_address(m, actor: Arg<Actor>, address: Arg<AddressId>) -> ()
        => m.delete_address(&actor, address);
    /// The actor's addresses, the primary first.
    fn list_addresses(m, actor: Arg<Actor>) -> Vec<UserAddress> => m.list_addresses(&actor);

    // Tutor profiles, verification, catalogue.
    /// A tutor profile (public when active).
    fn get_tutor_profile(m, actor: Arg<Actor>, tutor: Arg<TutorProfileId>) -> TutorProfile
        => m.get_tutor_profile(&actor, tutor);
    /// The tutor edits their profile.
    fn update_tutor_profile(m, actor: Arg<Actor>, changes: Arg<NewTutorProfile>) -> TutorProfile
        => m.update_tutor_profile(&actor, changes);
    /// The tutor stops taking new bookings.
    fn deactivate_tutor_profile(m, actor: Arg<Actor>) -> TutorProfile
        => m.deactivate_tutor_profile(&actor);
    /// The tutor changes one of their subjects.
    fn update_tutor_subject(m, actor: Arg<Actor>, tutor_subject: Arg<TutorSubjectId>,
        changes: Arg<TutorSubjectUpdate>) -> TutorSubject
        => m.update_tutor_subject(&actor, tutor_subject, changes);
    /// A tutor's subjects (all for the tutor and admins, the offered ones for others).
    fn list_tutor_subjects(m, actor: Arg<Actor>, tutor: Arg<TutorProfileId>) -> Vec<TutorSubject>
        => m.list_tutor_subjects(&actor, tutor);
    /// The tutor submits a verification document (an https link).
    fn submit_document(m, actor: Arg<Actor>, doc_type: Arg<DocType>, file_url: Arg<String>)
        -> TutorDocument => m.submit_document(&actor, doc_type, file_url);
    /// A tutor's documents (the tutor and admins).
    fn list_documents(m, actor: Arg<Actor>, tutor: Arg<TutorProfileId>) -> Vec<TutorDocument>
        => m.list_documents(&actor, tutor);
    /// An admin approves or rejects a pending document.
    #[pyo3(signature = (actor, document, approve, note=None))]
    fn review_document(m, actor: Arg<Actor>, document: Arg<DocumentId>, approve: Arg<bool>,
        note: Opt<String>) -> TutorDocument => m.review_document(&actor, document, approve, note);
    /// An admin renames or (de)activates a category.
    fn update_category(m, actor: Arg<Actor>, category: Arg<CategoryId>, name: Arg<String>,
        is_active: Arg<bool>) -> SubjectCategory
        => m.update_category(&actor, category, &name, is_active);
    /// An admin renames, moves or (de)activates a subject.
    fn update_subject(m, actor: Arg<Actor>, subject: Arg<SubjectId>, name: Arg<String>,
        category: Opt<CategoryId>, is_active: Arg<bool>) -> Subject
        => m.update_subject(&actor, subject, &name, category, is_active);
    /// The active categories and subjects.
    fn catalog(m) -> Catalog => m.catalog();

    // Search.
    /// Tutor search: filters, full text, availability, distance; a page and a cursor.
    fn search_tutors(m, query: Arg<TutorSearch>) -> SearchPage => m.search_tutors(query);
    /// An admin rewrites every tutor's search document.
    fn rebuild_search_index(m, actor: Arg<Actor>) -> u64 => m.rebuild_search_index(&actor);

    // Reviews, chat, favorites, progress.
    /// The student reviews a completed lesson.
    fn write_review(m, actor: Arg<Actor>, booking: Arg<BookingId>, new: Arg<NewReview>) -> Review
        => m.write_review(&actor, booking, new);
    /// An admin hides, removes or restores a review.
    #[pyo3(signature = (actor, review, status, reason=None))]
    fn moderate_review(m, actor: Arg<Actor>, review: Arg<ReviewId>, status: Arg<ReviewStatus>,
        reason: Opt<String>) -> Review => m.moderate_review(&actor, review, status, reason);
    /// A tutor's published reviews, newest first.
    fn tutor_reviews(m, tutor: Arg<TutorProfileId>, before: Opt<Cursor<ReviewId>>, limit: Arg<i64>)
        -> Vec<Review> => m.tutor_reviews(tutor, before, limit);
    /// The student–tutor pair's conversation, created on first use.
    fn open_conversation(m, actor: Arg<Actor>, student: Arg<UserId>, tutor: Arg<TutorProfileId>)
        -> Conversation => m.open_conversation(&actor, student, tutor);
    /// Sends a message.
    fn send_message(m, actor: Arg<Actor>, conversation: Arg<ConversationId>, new: Arg<NewMessage>)
        -> Message => m.send_message(&actor, conversation, new);
    /// A conversation's history, newest first.
    fn message_history(m, actor: Arg<Actor>, conversation: Arg<ConversationId>,
        before: Opt<Cursor<MessageId>>, limit: Arg<i64>) -> Vec<Message>
        => m.message_history(&actor, conversation, before, limit);
    /// Marks the other side's messages read up to `up_to`.
    fn mark_conversation_read(m, actor: Arg<Actor>, conversation: Arg<ConversationId>,
        up_to: Arg<MessageId>) -> u64 => m.mark_conversation_read(&actor, conversation, up_to);
    /// The actor's conversations with unread counts.
    fn my_conversations(m, actor: Arg<Actor>) -> Inbox => m.my_conversations(&actor);
    /// Blocks a conversation.
    fn block_conversation(m, actor: Arg<Actor>, conversation: Arg<ConversationId>) -> Conversation
        => m.block_conversation(&actor, conversation);
    /// Unblocks a conversation (only the side that blocked).
    fn unblock_conversation(m, actor: Arg<Actor>, conversation: Arg<ConversationId>) -> Conversation
        => m.unblock_conversation(&actor, conversation);
    /// Adds a tutor to the student's favorites (idempotent).
    fn add_favorite(m, actor: Arg<Actor>, tutor: Arg<TutorProfileId>) -> Favorite
        => m.add_favorite(&actor, tutor);
    /// Removes a tutor from the student's favorites (idempotent).
    fn remove_favorite(m, actor: Arg<Actor>, tutor: Arg<TutorProfileId>) -> bool
        => m.remove_favorite(&actor, tutor);
    /// The student's favorite tutors.
    fn my_favorites(m, actor: Arg<Actor>) -> Vec<FavoriteTutor> => m.my_favorites(&actor);
    /// The tutor writes a progress log for a lesson.
    fn write_progress_log(m, actor: Arg<Actor>, booking: Arg<BookingId>, note: Arg<ProgressNote>)
        -> ProgressLog => m.write_progress_log(&actor, booking, note);
    /// The tutor edits a progress log they wrote.
    fn update_progress_log(m, actor: Arg<Actor>, log: Arg<ProgressLogId>, note: Arg<ProgressNote>)
        -> ProgressLog => m.update_progress_log(&actor, log, note);
    /// A student's progress logs (theirs, or the ones the tutor wrote).
    fn progress_logs(m, actor: Arg<Actor>, student: Arg<UserId>) -> Vec<ProgressLog>
        => m.progress_logs(&actor, student);

    // Moderation.
    /// Reports a user, tutor profile, review, message or booking.
    fn report(m, actor: Arg<Actor>, new: Arg<NewReport>) -> Report => m.report(&actor, new);
    /// The moderation queue (admins).
    fn list_reports(m, actor: Arg<Actor>, status: Arg<ReportStatus>) -> Vec<Report>
        => m.list_reports(&actor, status);
    /// An admin moves a report.
    fn handle_report(m, actor: Arg<Actor>, report: Arg<ReportId>, status: Arg<ReportStatus>)
        -> Report => m.handle_report(&actor, report, status);
    /// An admin bans a tutor (upcoming lessons cancelled with refunds).
    fn ban_tutor(m, actor: Arg<Actor>, tutor: Arg<TutorProfileId>, reason: Arg<String>)
        -> TutorProfile => m.ban_tutor(&actor, tutor, reason);

    // Notifications and the outbox.
    /// The actor's notifications, newest first (`before`: the last one of the previous page).
    fn list_notifications(m, actor: Arg<Actor>, before: Opt<NotificationId>, limit: Arg<i64>)
        -> Vec<Notification> => m.list_notifications(&actor, before, limit);
    /// How many of the actor's notifications are unread.
    fn unread_notification_count(m, actor: Arg<Actor>) -> i64 => m.unread_notification_count(&actor);
    /// Marks one notification read.
    fn mark_notification_read(m, actor: Arg<Actor>, notification: Arg<NotificationId>) -> bool
        => m.mark_notification_read(&actor, notification);
    /// Marks all the actor's notifications read.
    fn mark_all_notifications_read(m, actor: Arg<Actor>) -> u64
        => m.mark_all_notifications_read(&actor);
    /// For the host's delivery worker: claims undelivered outbox events for a lease.
    fn claim_outbox(m, limit: Arg<i64>, lease_seconds: Arg<i64>) -> Vec<OutboxEvent>
        => m.claim_outbox(limit, lease_seconds);
    /// Acknowledges delivered outbox events.
    fn ack_outbox(m, events: Arg<Vec<OutboxEventId>>) -> u64 => m.ack_outbox(events);
}
