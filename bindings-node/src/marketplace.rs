//! The facade as a JS class: `Marketplace.open(url, options)` and one async method per core
//! use case, each converting its arguments ([`arg`]), delegating, and converting the result
//! ([`call`]). Binding a new facade method is one such method.

use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use blajarplus as bp;
use chrono::{Duration, NaiveDate, NaiveTime};
use napi::bindgen_prelude::{Either, FromNapiValue, TypeName, Uint8Array, ValidateNapiValue};
use napi::{ValueType, sys};
use napi_derive::napi;
use rust_decimal::Decimal;

use crate::convert::{Date, FromJs, Path, ToJs, arg};
use crate::error::{ArgError, BindingError, Failure, Outcome};
use crate::types::out;
use crate::types::*;

/// Runs a core call and converts what it returns for JS; core errors and argument errors
/// become the JS error of [`crate::error`], and a panic (a bug) an `internal` error.
pub(crate) async fn call<T: ToJs>(
    work: impl Future<Output = Result<T, Failure>>,
) -> napi::Result<Outcome<T::Js>> {
    let result = match CatchUnwind(Box::pin(work)).await {
        Ok(result) => result,
        Err(panic) => Err(Failure::from(BindingError::new(
            "internal",
            format!("internal: panic in blajarplus: {panic}"),
            None,
        ))),
    };
    Ok(result.map(T::to_js).into())
}

/// Polls a future inside `catch_unwind`, so that a panic in core settles the Promise with an
/// `internal` error carrying the panic message (napi would reject with a generic one).
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        match panic::catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Ready(value)) => Poll::Ready(Ok(value)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => Poll::Ready(Err(payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".to_owned()))),
        }
    }
}

/// The marketplace: every use case of Blajarplus core, each an async method that runs off the
/// JS thread and returns a Promise. Open one per process and share it.
#[napi]
pub struct Marketplace {
    inner: bp::Marketplace,
}

impl ToJs for bp::Marketplace {
    type Js = Marketplace;
    fn to_js(self) -> Marketplace {
        Marketplace { inner: self }
    }
}

/// A clock that stands still until moved, for tests and simulations: pass it to
/// `Marketplace.open(url, { clock })`, then `set` or `advance` it.
#[napi]
pub struct FixedClock {
    inner: Arc<bp::clock::FixedClock>,
}

#[napi]
impl FixedClock {
    /// A clock showing `at` (core keeps microseconds; a `Date` has milliseconds).
    #[napi(constructor)]
    pub fn new(at: Date) -> napi::Result<Self> {
        let at = sync_arg(at, "at")?;
        Ok(FixedClock {
            inner: Arc::new(bp::clock::FixedClock::new(at)),
        })
    }

    /// The instant the clock shows.
    #[napi]
    pub fn now(&self) -> Date {
        bp::clock::Clock::now(&*self.inner).to_js()
    }

    /// Moves the clock to `at`.
    #[napi]
    pub fn set(&self, at: Date) -> napi::Result<()> {
        self.inner.set(sync_arg(at, "at")?);
        Ok(())
    }

    /// Moves the clock by `milliseconds` (negative goes back).
    #[napi]
    pub fn advance(&self, milliseconds: i64) {
        self.inner.advance(Duration::milliseconds(milliseconds));
    }
}

/// An argument of a sync function (a constructor cannot return an `Outcome`): the error is
/// napi's own, code `InvalidArg`.
fn sync_arg<T: FromJs<J>, J>(js: J, name: &'static str) -> napi::Result<T> {
    arg(js, name).map_err(|e: ArgError| napi::Error::new(napi::Status::InvalidArg, e.to_string()))
}

/// A [`FixedClock`] passed in `OpenOptions.clock`: the shared core clock behind it.
#[derive(Debug, Clone)]
pub struct ClockRef(Arc<bp::clock::FixedClock>);

impl TypeName for ClockRef {
    fn type_name() -> &'static str {
        "FixedClock"
    }
    fn value_type() -> ValueType {
        ValueType::Object
    }
}

impl ValidateNapiValue for ClockRef {}

impl FromNapiValue for ClockRef {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        let clock: &FixedClock = unsafe { FromNapiValue::from_napi_value(env, value) }?;
        Ok(ClockRef(clock.inner.clone()))
    }
}

/// How to open a marketplace. Everything is optional.
#[napi(object, object_to_js = false)]
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// Midtrans server key: verifies `handleMidtransNotification` bodies.
    pub midtrans_server_key: Option<String>,
    /// Xendit callback token: verifies `handleXenditCallback` calls.
    pub xendit_callback_token: Option<String>,
    /// A test clock; the system clock when absent.
    #[napi(ts_type = "FixedClock")]
    pub clock: Option<ClockRef>,
    /// Changes to the default policy.
    pub policy: Option<PolicyOptions>,
}

/// Changes to core's default policy; what is absent keeps its default. Rates are decimal
/// strings (`"0.15"` = 15%), durations whole minutes.
#[napi(object, object_to_js = false)]
#[derive(Debug, Clone, Default)]
pub struct PolicyOptions {
    /// The platform's commission, a fraction of the price.
    pub platform_fee_rate: Option<String>,
    /// A fee the student pays on top, a fraction of the price.
    pub student_service_fee_rate: Option<String>,
    /// How long a checkout's payment stays open.
    pub payment_expiry_minutes: Option<i64>,
    /// Cancelling at least this long before the start refunds everything.
    pub free_cancellation_window_minutes: Option<i64>,
    /// What a late cancellation refunds, a fraction of what was paid.
    pub late_cancellation_refund_rate: Option<String>,
    /// Earliest bookable start, from now.
    pub minimum_notice_minutes: Option<i64>,
    /// Latest bookable start, from now.
    pub booking_horizon_minutes: Option<i64>,
    /// Free time kept before every lesson.
    pub buffer_before_minutes: Option<i64>,
    /// Free time kept after every lesson.
    pub buffer_after_minutes: Option<i64>,
    /// Distance between candidate slot starts.
    pub slot_step_minutes: Option<i64>,
    /// How long after its end a lesson can be disputed.
    pub dispute_window_minutes: Option<i64>,
    /// How long after completion a review can be written.
    pub review_window_minutes: Option<i64>,
    /// How long before the start the reminder goes out.
    pub reminder_lead_minutes: Option<i64>,
    /// Refunds to the original payment method (`false`: to the student's wallet).
    pub refund_to_original_method: Option<bool>,
    /// Shortest lesson, in minutes.
    pub min_lesson_minutes: Option<i64>,
    /// Longest lesson, in minutes.
    pub max_lesson_minutes: Option<i64>,
}

impl FromJs<PolicyOptions> for bp::policy::Policy {
    fn from_js(js: PolicyOptions, path: Path<'_>) -> Result<Self, ArgError> {
        let mut p = bp::policy::Policy::default();
        let rate = |v: Option<String>, name, default: Decimal| {
            Ok::<_, ArgError>(Option::<Decimal>::from_js(v, path.field(name))?.unwrap_or(default))
        };
        let minutes = |v: Option<i64>, default: Duration| v.map_or(default, Duration::minutes);
        p.platform_fee_rate = rate(
            js.platform_fee_rate,
            "platform_fee_rate",
            p.platform_fee_rate,
        )?;
        p.student_service_fee_rate = rate(
            js.student_service_fee_rate,
            "student_service_fee_rate",
            p.student_service_fee_rate,
        )?;
        p.late_cancellation_refund_rate = rate(
            js.late_cancellation_refund_rate,
            "late_cancellation_refund_rate",
            p.late_cancellation_refund_rate,
        )?;
        p.payment_expiry = minutes(js.payment_expiry_minutes, p.payment_expiry);
        p.free_cancellation_window = minutes(
            js.free_cancellation_window_minutes,
            p.free_cancellation_window,
        );
        p.minimum_notice = minutes(js.minimum_notice_minutes, p.minimum_notice);
        p.booking_horizon = minutes(js.booking_horizon_minutes, p.booking_horizon);
        p.buffer_before = minutes(js.buffer_before_minutes, p.buffer_before);
        p.buffer_after = minutes(js.buffer_after_minutes, p.buffer_after);
        p.slot_step = minutes(js.slot_step_minutes, p.slot_step);
        p.dispute_window = minutes(js.dispute_window_minutes, p.dispute_window);
        p.review_window = minutes(js.review_window_minutes, p.review_window);
        p.reminder_lead = minutes(js.reminder_lead_minutes, p.reminder_lead);
        p.refund_to_original_method = js
            .refund_to_original_method
            .unwrap_or(p.refund_to_original_method);
        p.lesson_minutes = (
            js.min_lesson_minutes.unwrap_or(p.lesson_minutes.0),
            js.max_lesson_minutes.unwrap_or(p.lesson_minutes.1),
        );
        Ok(p)
    }
}

/// A raw HTTP body: the string or the bytes (a `Buffer` is a `Uint8Array`) as received.
fn body(raw: Either<String, Uint8Array>) -> Vec<u8> {
    match raw {
        Either::A(text) => text.into_bytes(),
        Either::B(bytes) => bytes.to_vec(),
    }
}

#[napi]
impl Marketplace {
    /// Opens (and migrates) the database at `url` — `sqlite::memory:`, `sqlite://app.db`,
    /// `postgres://…` — with optional payment keys, a test clock and policy changes.
    #[napi]
    pub async fn open(url: String, options: Option<OpenOptions>) -> napi::Result<out::Marketplace> {
        call(async move {
            let options = options.unwrap_or(OpenOptions {
                midtrans_server_key: None,
                xendit_callback_token: None,
                clock: None,
                policy: None,
            });
            let policy: Option<bp::policy::Policy> = arg(options.policy, "options.policy")?;
            let mut m = bp::Marketplace::open(&url).await?.with_payment_keys(
                bp::marketplace::PaymentKeys {
                    midtrans_server_key: options.midtrans_server_key,
                    xendit_callback_token: options.xendit_callback_token,
                },
            );
            if let Some(ClockRef(clock)) = options.clock {
                m = m.with_clock(clock);
            }
            if let Some(policy) = policy {
                m = m.with_policy(policy);
            }
            Ok(m)
        })
        .await
    }

    /// Now, per the marketplace's clock.
    #[napi]
    pub fn now(&self) -> Date {
        self.inner.now().to_js()
    }

    /// The database backend: `sqlite` or `postgres`.
    #[napi(getter)]
    pub fn backend(&self) -> String {
        self.inner.store().backend().as_str().to_owned()
    }

    // ---- accounts ----------------------------------------------------------------------

    /// Registers a student or a tutor.
    #[napi]
    pub async fn register_user(&self, user: NewUser) -> napi::Result<out::User> {
        call(async { Ok(self.inner.register_user(arg(user, "user")?).await?) }).await
    }

    /// Creates the first admin; refused (`forbidden`) once any admin exists.
    #[napi]
    pub async fn bootstrap_admin(
        &self,
        full_name: String,
        email: String,
    ) -> napi::Result<out::User> {
        call(async { Ok(self.inner.bootstrap_admin(&full_name, &email).await?) }).await
    }

    /// Creates another admin (admins only).
    #[napi]
    pub async fn create_admin(
        &self,
        actor: Actor,
        full_name: String,
        email: String,
    ) -> napi::Result<out::User> {
        call(async {
            let actor = arg(actor, "actor")?;
            Ok(self.inner.create_admin(&actor, &full_name, &email).await?)
        })
        .await
    }

    /// The actor's own account.
    #[napi]
    pub async fn me(&self, actor: Actor) -> napi::Result<out::User> {
        call(async { Ok(self.inner.me(&arg(actor, "actor")?).await?) }).await
    }

    /// The actor's wallet (created empty on first use).
    #[napi]
    pub async fn my_wallet(&self, actor: Actor) -> napi::Result<out::Wallet> {
        call(async { Ok(self.inner.my_wallet(&arg(actor, "actor")?).await?) }).await
    }

    // ---- catalogue and tutors ----------------------------------------------------------

    /// Creates a subject category (admins only).
    #[napi]
    pub async fn create_category(
        &self,
        actor: Actor,
        name: String,
    ) -> napi::Result<out::SubjectCategory> {
        call(async {
            Ok(self
                .inner
                .create_category(&arg(actor, "actor")?, &name)
                .await?)
        })
        .await
    }

    /// Creates a subject, optionally in a category (admins only).
    #[napi]
    pub async fn create_subject(
        &self,
        actor: Actor,
        name: String,
        category_id: Option<String>,
    ) -> napi::Result<out::Subject> {
        call(async {
            let (actor, category) = (arg(actor, "actor")?, arg(category_id, "categoryId")?);
            Ok(self.inner.create_subject(&actor, &name, category).await?)
        })
        .await
    }

    /// Creates the actor's tutor profile, as a draft.
    #[napi]
    pub async fn create_tutor_profile(
        &self,
        actor: Actor,
        profile: NewTutorProfile,
    ) -> napi::Result<out::TutorProfile> {
        call(async {
            let (actor, profile) = (arg(actor, "actor")?, arg(profile, "profile")?);
            Ok(self.inner.create_tutor_profile(&actor, profile).await?)
        })
        .await
    }

    /// Adds a subject to the actor's teaching.
    #[napi]
    pub async fn add_tutor_subject(
        &self,
        actor: Actor,
        subject: NewTutorSubject,
    ) -> napi::Result<out::TutorSubject> {
        call(async {
            let (actor, subject) = (arg(actor, "actor")?, arg(subject, "subject")?);
            Ok(self.inner.add_tutor_subject(&actor, subject).await?)
        })
        .await
    }

    /// Replaces the actor's weekly availability with `rules`, atomically.
    #[napi]
    pub async fn set_weekly_availability(
        &self,
        actor: Actor,
        rules: Vec<AvailabilityRule>,
    ) -> napi::Result<out::Vec<TutorAvailability>> {
        call(async {
            let (actor, rules) = (arg(actor, "actor")?, arg(rules, "rules")?);
            Ok(self.inner.set_weekly_availability(&actor, rules).await?)
        })
        .await
    }

    /// Adds a time-off to the actor's calendar.
    #[napi]
    pub async fn add_time_off(
        &self,
        actor: Actor,
        start_at: Date,
        end_at: Date,
        reason: Option<String>,
    ) -> napi::Result<out::TutorTimeOff> {
        call(async {
            let actor = arg(actor, "actor")?;
            let (start, end) = (arg(start_at, "startAt")?, arg(end_at, "endAt")?);
            Ok(self.inner.add_time_off(&actor, start, end, reason).await?)
        })
        .await
    }

    /// Gives one local date (`"2030-01-31"`) other hours than the weekly rules (`hours`
    /// empty = closed that day), replacing any earlier override of that date.
    #[napi]
    pub async fn set_date_override(
        &self,
        actor: Actor,
        date: String,
        hours: Vec<TimeRange>,
    ) -> napi::Result<out::Vec<TutorDateOverride>> {
        call(async {
            let actor = arg(actor, "actor")?;
            let date: NaiveDate = arg(date, "date")?;
            let hours: Vec<(NaiveTime, NaiveTime)> = arg(hours, "hours")?;
            Ok(self.inner.set_date_override(&actor, date, hours).await?)
        })
        .await
    }

    /// Makes the actor's draft profile bookable (it needs a subject and availability).
    #[napi]
    pub async fn publish_tutor_profile(&self, actor: Actor) -> napi::Result<out::TutorProfile> {
        call(async {
            Ok(self
                .inner
                .publish_tutor_profile(&arg(actor, "actor")?)
                .await?)
        })
        .await
    }

    /// The tutor's free slots of `durationMinutes` starting in `[from, to)`.
    #[napi]
    pub async fn available_slots(
        &self,
        tutor_profile_id: String,
        from: Date,
        to: Date,
        duration_minutes: i64,
    ) -> napi::Result<out::Vec<Interval>> {
        call(async {
            let tutor = arg(tutor_profile_id, "tutorProfileId")?;
            let (from, to) = (arg(from, "from")?, arg(to, "to")?);
            Ok(self
                .inner
                .available_slots(tutor, from, to, duration_minutes)
                .await?)
        })
        .await
    }

    // ---- bookings ----------------------------------------------------------------------

    /// Creates a booking as a draft, priced but not holding its slot yet.
    #[napi]
    pub async fn create_booking(
        &self,
        actor: Actor,
        booking: NewBooking,
    ) -> napi::Result<out::Booking> {
        call(async {
            let (actor, booking) = (arg(actor, "actor")?, arg(booking, "booking")?);
            Ok(self.inner.create_booking(&actor, booking).await?)
        })
        .await
    }

    /// Sends a draft to payment: the slot is held and a payment created.
    #[napi]
    pub async fn checkout(
        &self,
        actor: Actor,
        booking_id: String,
        provider: PaymentProvider,
    ) -> napi::Result<out::Checkout> {
        call(async {
            let (actor, booking) = (arg(actor, "actor")?, arg(booking_id, "bookingId")?);
            let provider = arg(provider, "provider")?;
            Ok(self.inner.checkout(&actor, booking, provider).await?)
        })
        .await
    }

    /// Cancels a booking; a paid booking's escrow is settled per the policy.
    #[napi]
    pub async fn cancel_booking(
        &self,
        actor: Actor,
        booking_id: String,
        reason: Option<String>,
    ) -> napi::Result<out::Booking> {
        call(async {
            let (actor, booking) = (arg(actor, "actor")?, arg(booking_id, "bookingId")?);
            Ok(self.inner.cancel_booking(&actor, booking, reason).await?)
        })
        .await
    }

    /// The student confirms the lesson took place: the escrow is released.
    #[napi]
    pub async fn confirm_lesson(
        &self,
        actor: Actor,
        booking_id: String,
    ) -> napi::Result<out::Booking> {
        call(async {
            let (actor, booking) = (arg(actor, "actor")?, arg(booking_id, "bookingId")?);
            Ok(self.inner.confirm_lesson(&actor, booking).await?)
        })
        .await
    }

    /// The tutor reports that the student did not come.
    #[napi]
    pub async fn report_no_show(
        &self,
        actor: Actor,
        booking_id: String,
    ) -> napi::Result<out::Booking> {
        call(async {
            let (actor, booking) = (arg(actor, "actor")?, arg(booking_id, "bookingId")?);
            Ok(self.inner.report_no_show(&actor, booking).await?)
        })
        .await
    }

    /// The student disputes the lesson: the escrow stays frozen until an admin resolves it.
    #[napi]
    pub async fn dispute_booking(
        &self,
        actor: Actor,
        booking_id: String,
        reason: String,
    ) -> napi::Result<out::Booking> {
        call(async {
            let (actor, booking) = (arg(actor, "actor")?, arg(booking_id, "bookingId")?);
            Ok(self.inner.dispute_booking(&actor, booking, reason).await?)
        })
        .await
    }

    /// An admin settles a dispute.
    #[napi]
    pub async fn resolve_dispute(
        &self,
        actor: Actor,
        booking_id: String,
        resolution: DisputeResolution,
        note: Option<String>,
    ) -> napi::Result<out::Booking> {
        call(async {
            let (actor, booking) = (arg(actor, "actor")?, arg(booking_id, "bookingId")?);
            let resolution = arg(resolution, "resolution")?;
            Ok(self
                .inner
                .resolve_dispute(&actor, booking, resolution, note)
                .await?)
        })
        .await
    }

    /// Proposes another start for a confirmed booking; the proposed slot is held.
    #[napi]
    pub async fn request_reschedule(
        &self,
        actor: Actor,
        booking_id: String,
        start_at: Date,
    ) -> napi::Result<out::Booking> {
        call(async {
            let (actor, booking) = (arg(actor, "actor")?, arg(booking_id, "bookingId")?);
            let start_at = arg(start_at, "startAt")?;
            Ok(self
                .inner
                .request_reschedule(&actor, booking, start_at)
                .await?)
        })
        .await
    }

    /// The other party accepts or declines a reschedule request.
    #[napi]
    pub async fn respond_reschedule(
        &self,
        actor: Actor,
        booking_id: String,
        accept: bool,
    ) -> napi::Result<out::Booking> {
        call(async {
            let (actor, booking) = (arg(actor, "actor")?, arg(booking_id, "bookingId")?);
            Ok(self
                .inner
                .respond_reschedule(&actor, booking, accept)
                .await?)
        })
        .await
    }

    /// A booking, for its student, its tutor or an admin.
    #[napi]
    pub async fn get_booking(
        &self,
        actor: Actor,
        booking_id: String,
    ) -> napi::Result<out::Booking> {
        call(async {
            let (actor, booking) = (arg(actor, "actor")?, arg(booking_id, "bookingId")?);
            Ok(self.inner.get_booking(&actor, booking).await?)
        })
        .await
    }

    /// A booking's status history, oldest first.
    #[napi]
    pub async fn booking_history(
        &self,
        actor: Actor,
        booking_id: String,
    ) -> napi::Result<out::Vec<BookingStatusLog>> {
        call(async {
            let (actor, booking) = (arg(actor, "actor")?, arg(booking_id, "bookingId")?);
            Ok(self.inner.booking_history(&actor, booking).await?)
        })
        .await
    }

    /// The actor's bookings (a student's own, a tutor's lessons) in `[from, to)`.
    #[napi]
    pub async fn my_bookings(
        &self,
        actor: Actor,
        from: Date,
        to: Date,
    ) -> napi::Result<out::Vec<Booking>> {
        call(async {
            let actor = arg(actor, "actor")?;
            let (from, to) = (arg(from, "from")?, arg(to, "to")?);
            Ok(self.inner.my_bookings(&actor, from, to).await?)
        })
        .await
    }

    // ---- lesson packages ----------------------------------------------------------------

    /// A tutor offers a package of sessions.
    #[napi]
    pub async fn create_package(
        &self,
        actor: Actor,
        package: NewPackage,
    ) -> napi::Result<out::LessonPackage> {
        call(async {
            let (actor, package) = (arg(actor, "actor")?, arg(package, "package")?);
            Ok(self.inner.create_package(&actor, package).await?)
        })
        .await
    }

    /// A tutor stops (or resumes) selling a package.
    #[napi]
    pub async fn set_package_active(
        &self,
        actor: Actor,
        package_id: String,
        is_active: bool,
    ) -> napi::Result<out::LessonPackage> {
        call(async {
            let (actor, package) = (arg(actor, "actor")?, arg(package_id, "packageId")?);
            Ok(self
                .inner
                .set_package_active(&actor, package, is_active)
                .await?)
        })
        .await
    }

    /// A tutor's packages: those on sale, or all of them for the tutor and admins.
    #[napi]
    pub async fn list_packages(
        &self,
        actor: Actor,
        tutor_profile_id: String,
    ) -> napi::Result<out::Vec<LessonPackage>> {
        call(async {
            let (actor, tutor) = (
                arg(actor, "actor")?,
                arg(tutor_profile_id, "tutorProfileId")?,
            );
            Ok(self.inner.list_packages(&actor, tutor).await?)
        })
        .await
    }

    /// A student buys a package; it becomes active once paid.
    #[napi]
    pub async fn buy_package(
        &self,
        actor: Actor,
        package_id: String,
        provider: PaymentProvider,
    ) -> napi::Result<out::PackageCheckout> {
        call(async {
            let (actor, package) = (arg(actor, "actor")?, arg(package_id, "packageId")?);
            let provider = arg(provider, "provider")?;
            Ok(self.inner.buy_package(&actor, package, provider).await?)
        })
        .await
    }

    /// The actor's package purchases, newest first.
    #[napi]
    pub async fn my_purchases(&self, actor: Actor) -> napi::Result<out::Vec<PackagePurchase>> {
        call(async { Ok(self.inner.my_purchases(&arg(actor, "actor")?).await?) }).await
    }

    /// Confirms a draft booking with a session of the student's package purchase.
    #[napi]
    pub async fn book_with_package(
        &self,
        actor: Actor,
        booking_id: String,
        purchase_id: String,
    ) -> napi::Result<out::Booking> {
        call(async {
            let (actor, booking) = (arg(actor, "actor")?, arg(booking_id, "bookingId")?);
            let purchase = arg(purchase_id, "purchaseId")?;
            Ok(self
                .inner
                .book_with_package(&actor, booking, purchase)
                .await?)
        })
        .await
    }

    // ---- payments ----------------------------------------------------------------------

    /// Verifies and applies a Midtrans HTTP notification, from its raw body.
    #[napi]
    pub async fn handle_midtrans_notification(
        &self,
        body: Either<String, Uint8Array>,
    ) -> napi::Result<out::PaymentOutcome> {
        let body = self::body(body);
        call(async move { Ok(self.inner.handle_midtrans_notification(&body).await?) }).await
    }

    /// Verifies and applies a Xendit invoice callback, from its raw body and its
    /// `x-callback-token` header.
    #[napi]
    pub async fn handle_xendit_callback(
        &self,
        body: Either<String, Uint8Array>,
        callback_token: Option<String>,
    ) -> napi::Result<out::PaymentOutcome> {
        let body = self::body(body);
        call(async move {
            let token = callback_token.as_deref();
            Ok(self.inner.handle_xendit_callback(&body, token).await?)
        })
        .await
    }

    /// Applies a provider notification the host verified itself.
    #[napi]
    pub async fn apply_payment_update(
        &self,
        update: PaymentUpdate,
    ) -> napi::Result<out::PaymentOutcome> {
        call(async {
            Ok(self
                .inner
                .apply_payment_update(arg(update, "update")?)
                .await?)
        })
        .await
    }

    /// An admin confirms a `manual` payment.
    #[napi]
    pub async fn confirm_manual_payment(
        &self,
        actor: Actor,
        payment_id: String,
    ) -> napi::Result<out::PaymentOutcome> {
        call(async {
            let (actor, payment) = (arg(actor, "actor")?, arg(payment_id, "paymentId")?);
            Ok(self.inner.confirm_manual_payment(&actor, payment).await?)
        })
        .await
    }

    // ---- wallets and the ledger ----------------------------------------------------------

    /// A tutor asks to withdraw `amount` (a decimal string) from their wallet.
    #[napi]
    pub async fn request_withdrawal(
        &self,
        actor: Actor,
        amount: String,
    ) -> napi::Result<out::WithdrawalRequest> {
        call(async {
            let (actor, amount) = (arg(actor, "actor")?, arg(amount, "amount")?);
            Ok(self.inner.request_withdrawal(&actor, amount).await?)
        })
        .await
    }

    /// An admin records a withdrawal as paid out.
    #[napi]
    pub async fn mark_withdrawal_paid(
        &self,
        actor: Actor,
        withdrawal_id: String,
        reference_id: Option<String>,
    ) -> napi::Result<out::WithdrawalRequest> {
        call(async {
            let (actor, id) = (arg(actor, "actor")?, arg(withdrawal_id, "withdrawalId")?);
            Ok(self
                .inner
                .mark_withdrawal_paid(&actor, id, reference_id)
                .await?)
        })
        .await
    }

    /// An admin refuses a withdrawal; the amount becomes available again.
    #[napi]
    pub async fn reject_withdrawal(
        &self,
        actor: Actor,
        withdrawal_id: String,
        note: Option<String>,
    ) -> napi::Result<out::WithdrawalRequest> {
        call(async {
            let (actor, id) = (arg(actor, "actor")?, arg(withdrawal_id, "withdrawalId")?);
            Ok(self.inner.reject_withdrawal(&actor, id, note).await?)
        })
        .await
    }

    /// Recomputes every balance from the ledger and checks every invariant.
    #[napi]
    pub async fn verify_ledger(&self) -> napi::Result<out::LedgerReport> {
        call(async { Ok(self.inner.verify_ledger().await?) }).await
    }

    /// Does what has come due (expiries, auto-completions, reminders), exactly once.
    #[napi]
    pub async fn run_due(&self) -> napi::Result<out::DueReport> {
        call(async { Ok(self.inner.run_due().await?) }).await
    }
}
