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

#[napi]
impl Marketplace {
    /// Signs in with an email or phone and a password (`unauthenticated` when wrong).
    #[napi]
    pub async fn login(&self, identifier: String, password: String) -> napi::Result<out::User> {
        call(async { Ok(self.inner.login(&identifier, &password).await?) }).await
    }

    /// Sets the actor's password (`current` required when one is set).
    #[napi]
    pub async fn change_password(
        &self,
        actor: Actor,
        current: Option<String>,
        new_password: String,
    ) -> napi::Result<out::void> {
        call(async {
            let actor = arg(actor, "actor")?;
            Ok(self
                .inner
                .change_password(&actor, current, new_password)
                .await?)
        })
        .await
    }

    /// Edits the actor's own account.
    #[napi]
    pub async fn update_profile(
        &self,
        actor: Actor,
        changes: ProfileUpdate,
    ) -> napi::Result<out::User> {
        call(async {
            let actor = arg(actor, "actor")?;
            let changes = arg(changes, "changes")?;
            Ok(self.inner.update_profile(&actor, changes).await?)
        })
        .await
    }

    /// An admin suspends or reactivates a user.
    #[napi]
    pub async fn set_user_status(
        &self,
        actor: Actor,
        user_id: String,
        status: UserStatus,
    ) -> napi::Result<out::User> {
        call(async {
            let actor = arg(actor, "actor")?;
            let user_id = arg(user_id, "userId")?;
            let status = arg(status, "status")?;
            Ok(self.inner.set_user_status(&actor, user_id, status).await?)
        })
        .await
    }

    /// The actor deletes their own account (a soft delete that keeps the books).
    #[napi]
    pub async fn delete_account(&self, actor: Actor) -> napi::Result<out::User> {
        call(async {
            let actor = arg(actor, "actor")?;
            Ok(self.inner.delete_account(&actor).await?)
        })
        .await
    }

    /// An admin deletes a user (a soft delete that keeps the books).
    #[napi]
    pub async fn delete_user(&self, actor: Actor, user_id: String) -> napi::Result<out::User> {
        call(async {
            let actor = arg(actor, "actor")?;
            let user_id = arg(user_id, "userId")?;
            Ok(self.inner.delete_user(&actor, user_id).await?)
        })
        .await
    }

    /// Adds an address to the actor's account.
    #[napi]
    pub async fn add_address(
        &self,
        actor: Actor,
        address: NewAddress,
    ) -> napi::Result<out::UserAddress> {
        call(async {
            let actor = arg(actor, "actor")?;
            let address = arg(address, "address")?;
            Ok(self.inner.add_address(&actor, address).await?)
        })
        .await
    }

    /// Replaces one of the actor's addresses.
    #[napi]
    pub async fn update_address(
        &self,
        actor: Actor,
        address_id: String,
        address: NewAddress,
    ) -> napi::Result<out::UserAddress> {
        call(async {
            let actor = arg(actor, "actor")?;
            let address_id = arg(address_id, "addressId")?;
            let address = arg(address, "address")?;
            Ok(self
                .inner
                .update_address(&actor, address_id, address)
                .await?)
        })
        .await
    }

    /// Makes one of the actor's addresses the primary one.
    #[napi]
    pub async fn set_primary_address(
        &self,
        actor: Actor,
        address_id: String,
    ) -> napi::Result<out::UserAddress> {
        call(async {
            let actor = arg(actor, "actor")?;
            let address_id = arg(address_id, "addressId")?;
            Ok(self.inner.set_primary_address(&actor, address_id).await?)
        })
        .await
    }

    /// Deletes one of the actor's addresses.
    #[napi]
    pub async fn delete_address(
        &self,
        actor: Actor,
        address_id: String,
    ) -> napi::Result<out::void> {
        call(async {
            let actor = arg(actor, "actor")?;
            let address_id = arg(address_id, "addressId")?;
            Ok(self.inner.delete_address(&actor, address_id).await?)
        })
        .await
    }

    /// The actor's addresses, the primary first.
    #[napi]
    pub async fn list_addresses(&self, actor: Actor) -> napi::Result<out::Vec<UserAddress>> {
        call(async {
            let actor = arg(actor, "actor")?;
            Ok(self.inner.list_addresses(&actor).await?)
        })
        .await
    }

    /// A tutor profile (public when active).
    #[napi]
    pub async fn get_tutor_profile(
        &self,
        actor: Actor,
        tutor_profile_id: String,
    ) -> napi::Result<out::TutorProfile> {
        call(async {
            let actor = arg(actor, "actor")?;
            let tutor_profile_id = arg(tutor_profile_id, "tutorProfileId")?;
            Ok(self
                .inner
                .get_tutor_profile(&actor, tutor_profile_id)
                .await?)
        })
        .await
    }

    /// The tutor edits their profile.
    #[napi]
    pub async fn update_tutor_profile(
        &self,
        actor: Actor,
        profile: NewTutorProfile,
    ) -> napi::Result<out::TutorProfile> {
        call(async {
            let actor = arg(actor, "actor")?;
            let profile = arg(profile, "profile")?;
            Ok(self.inner.update_tutor_profile(&actor, profile).await?)
        })
        .await
    }

    /// The tutor stops taking new bookings.
    #[napi]
    pub async fn deactivate_tutor_profile(&self, actor: Actor) -> napi::Result<out::TutorProfile> {
        call(async {
            let actor = arg(actor, "actor")?;
            Ok(self.inner.deactivate_tutor_profile(&actor).await?)
        })
        .await
    }

    /// The tutor changes one of their subjects.
    #[napi]
    pub async fn update_tutor_subject(
        &self,
        actor: Actor,
        tutor_subject_id: String,
        changes: TutorSubjectUpdate,
    ) -> napi::Result<out::TutorSubject> {
        call(async {
            let actor = arg(actor, "actor")?;
            let tutor_subject_id = arg(tutor_subject_id, "tutorSubjectId")?;
            let changes = arg(changes, "changes")?;
            Ok(self
                .inner
                .update_tutor_subject(&actor, tutor_subject_id, changes)
                .await?)
        })
        .await
    }

    /// A tutor's subjects (all for the tutor and admins, the offered ones for others).
    #[napi]
    pub async fn list_tutor_subjects(
        &self,
        actor: Actor,
        tutor_profile_id: String,
    ) -> napi::Result<out::Vec<TutorSubject>> {
        call(async {
            let actor = arg(actor, "actor")?;
            let tutor_profile_id = arg(tutor_profile_id, "tutorProfileId")?;
            Ok(self
                .inner
                .list_tutor_subjects(&actor, tutor_profile_id)
                .await?)
        })
        .await
    }

    /// The tutor submits a verification document (an https link).
    #[napi]
    pub async fn submit_document(
        &self,
        actor: Actor,
        doc_type: DocType,
        file_url: String,
    ) -> napi::Result<out::TutorDocument> {
        call(async {
            let actor = arg(actor, "actor")?;
            let doc_type = arg(doc_type, "docType")?;
            Ok(self
                .inner
                .submit_document(&actor, doc_type, file_url)
                .await?)
        })
        .await
    }

    /// A tutor's documents (the tutor and admins).
    #[napi]
    pub async fn list_documents(
        &self,
        actor: Actor,
        tutor_profile_id: String,
    ) -> napi::Result<out::Vec<TutorDocument>> {
        call(async {
            let actor = arg(actor, "actor")?;
            let tutor_profile_id = arg(tutor_profile_id, "tutorProfileId")?;
            Ok(self.inner.list_documents(&actor, tutor_profile_id).await?)
        })
        .await
    }

    /// An admin approves or rejects a pending document.
    #[napi]
    pub async fn review_document(
        &self,
        actor: Actor,
        document_id: String,
        approve: bool,
        note: Option<String>,
    ) -> napi::Result<out::TutorDocument> {
        call(async {
            let actor = arg(actor, "actor")?;
            let document_id = arg(document_id, "documentId")?;
            Ok(self
                .inner
                .review_document(&actor, document_id, approve, note)
                .await?)
        })
        .await
    }

    /// An admin renames or (de)activates a category.
    #[napi]
    pub async fn update_category(
        &self,
        actor: Actor,
        category_id: String,
        name: String,
        is_active: bool,
    ) -> napi::Result<out::SubjectCategory> {
        call(async {
            let actor = arg(actor, "actor")?;
            let category_id = arg(category_id, "categoryId")?;
            Ok(self
                .inner
                .update_category(&actor, category_id, &name, is_active)
                .await?)
        })
        .await
    }

    /// An admin renames, moves or (de)activates a subject.
    #[napi]
    pub async fn update_subject(
        &self,
        actor: Actor,
        subject_id: String,
        name: String,
        category_id: Option<String>,
        is_active: bool,
    ) -> napi::Result<out::Subject> {
        call(async {
            let actor = arg(actor, "actor")?;
            let subject_id = arg(subject_id, "subjectId")?;
            let category_id = arg(category_id, "categoryId")?;
            Ok(self
                .inner
                .update_subject(&actor, subject_id, &name, category_id, is_active)
                .await?)
        })
        .await
    }

    /// The active categories and subjects.
    #[napi]
    pub async fn catalog(&self) -> napi::Result<out::Catalog> {
        call(async { Ok(self.inner.catalog().await?) }).await
    }

    /// Tutor search: filters, full text, availability, distance; a page and a cursor.
    #[napi]
    pub async fn search_tutors(&self, query: TutorSearch) -> napi::Result<out::SearchPage> {
        call(async {
            let query = arg(query, "query")?;
            Ok(self.inner.search_tutors(query).await?)
        })
        .await
    }

    /// An admin rewrites every tutor's search document.
    #[napi]
    pub async fn rebuild_search_index(&self, actor: Actor) -> napi::Result<out::number> {
        call(async {
            let actor = arg(actor, "actor")?;
            Ok(self.inner.rebuild_search_index(&actor).await?)
        })
        .await
    }

    /// The student reviews a completed lesson.
    #[napi]
    pub async fn write_review(
        &self,
        actor: Actor,
        booking_id: String,
        review: NewReview,
    ) -> napi::Result<out::Review> {
        call(async {
            let actor = arg(actor, "actor")?;
            let booking_id = arg(booking_id, "bookingId")?;
            let review = arg(review, "review")?;
            Ok(self.inner.write_review(&actor, booking_id, review).await?)
        })
        .await
    }

    /// An admin hides, removes or restores a review.
    #[napi]
    pub async fn moderate_review(
        &self,
        actor: Actor,
        review_id: String,
        status: ReviewStatus,
        reason: Option<String>,
    ) -> napi::Result<out::Review> {
        call(async {
            let actor = arg(actor, "actor")?;
            let review_id = arg(review_id, "reviewId")?;
            let status = arg(status, "status")?;
            Ok(self
                .inner
                .moderate_review(&actor, review_id, status, reason)
                .await?)
        })
        .await
    }

    /// A tutor's published reviews, newest first.
    #[napi]
    pub async fn tutor_reviews(
        &self,
        tutor_profile_id: String,
        before: Option<ReviewCursor>,
        limit: i64,
    ) -> napi::Result<out::Vec<Review>> {
        call(async {
            let tutor_profile_id = arg(tutor_profile_id, "tutorProfileId")?;
            let before = arg(before, "before")?;
            Ok(self
                .inner
                .tutor_reviews(tutor_profile_id, before, limit)
                .await?)
        })
        .await
    }

    /// The student–tutor pair's conversation, created on first use.
    #[napi]
    pub async fn open_conversation(
        &self,
        actor: Actor,
        student_id: String,
        tutor_profile_id: String,
    ) -> napi::Result<out::Conversation> {
        call(async {
            let actor = arg(actor, "actor")?;
            let student_id = arg(student_id, "studentId")?;
            let tutor_profile_id = arg(tutor_profile_id, "tutorProfileId")?;
            Ok(self
                .inner
                .open_conversation(&actor, student_id, tutor_profile_id)
                .await?)
        })
        .await
    }

    /// Sends a message.
    #[napi]
    pub async fn send_message(
        &self,
        actor: Actor,
        conversation_id: String,
        message: NewMessage,
    ) -> napi::Result<out::Message> {
        call(async {
            let actor = arg(actor, "actor")?;
            let conversation_id = arg(conversation_id, "conversationId")?;
            let message = arg(message, "message")?;
            Ok(self
                .inner
                .send_message(&actor, conversation_id, message)
                .await?)
        })
        .await
    }

    /// A conversation's history, newest first.
    #[napi]
    pub async fn message_history(
        &self,
        actor: Actor,
        conversation_id: String,
        before: Option<MessageCursor>,
        limit: i64,
    ) -> napi::Result<out::Vec<Message>> {
        call(async {
            let actor = arg(actor, "actor")?;
            let conversation_id = arg(conversation_id, "conversationId")?;
            let before = arg(before, "before")?;
            Ok(self
                .inner
                .message_history(&actor, conversation_id, before, limit)
                .await?)
        })
        .await
    }

    /// Marks the other side's messages read up to `upTo`.
    #[napi]
    pub async fn mark_conversation_read(
        &self,
        actor: Actor,
        conversation_id: String,
        up_to: String,
    ) -> napi::Result<out::number> {
        call(async {
            let actor = arg(actor, "actor")?;
            let conversation_id = arg(conversation_id, "conversationId")?;
            let up_to = arg(up_to, "upTo")?;
            Ok(self
                .inner
                .mark_conversation_read(&actor, conversation_id, up_to)
                .await?)
        })
        .await
    }

    /// The actor's conversations with unread counts.
    #[napi]
    pub async fn my_conversations(&self, actor: Actor) -> napi::Result<out::Inbox> {
        call(async {
            let actor = arg(actor, "actor")?;
            Ok(self.inner.my_conversations(&actor).await?)
        })
        .await
    }

    /// Blocks a conversation.
    #[napi]
    pub async fn block_conversation(
        &self,
        actor: Actor,
        conversation_id: String,
    ) -> napi::Result<out::Conversation> {
        call(async {
            let actor = arg(actor, "actor")?;
            let conversation_id = arg(conversation_id, "conversationId")?;
            Ok(self
                .inner
                .block_conversation(&actor, conversation_id)
                .await?)
        })
        .await
    }

    /// Unblocks a conversation (only the side that blocked).
    #[napi]
    pub async fn unblock_conversation(
        &self,
        actor: Actor,
        conversation_id: String,
    ) -> napi::Result<out::Conversation> {
        call(async {
            let actor = arg(actor, "actor")?;
            let conversation_id = arg(conversation_id, "conversationId")?;
            Ok(self
                .inner
                .unblock_conversation(&actor, conversation_id)
                .await?)
        })
        .await
    }

    /// Adds a tutor to the student's favorites (idempotent).
    #[napi]
    pub async fn add_favorite(
        &self,
        actor: Actor,
        tutor_profile_id: String,
    ) -> napi::Result<out::Favorite> {
        call(async {
            let actor = arg(actor, "actor")?;
            let tutor_profile_id = arg(tutor_profile_id, "tutorProfileId")?;
            Ok(self.inner.add_favorite(&actor, tutor_profile_id).await?)
        })
        .await
    }

    /// Removes a tutor from the student's favorites (idempotent).
    #[napi]
    pub async fn remove_favorite(
        &self,
        actor: Actor,
        tutor_profile_id: String,
    ) -> napi::Result<out::boolean> {
        call(async {
            let actor = arg(actor, "actor")?;
            let tutor_profile_id = arg(tutor_profile_id, "tutorProfileId")?;
            Ok(self.inner.remove_favorite(&actor, tutor_profile_id).await?)
        })
        .await
    }

    /// The student's favorite tutors.
    #[napi]
    pub async fn my_favorites(&self, actor: Actor) -> napi::Result<out::Vec<FavoriteTutor>> {
        call(async {
            let actor = arg(actor, "actor")?;
            Ok(self.inner.my_favorites(&actor).await?)
        })
        .await
    }

    /// The tutor writes a progress log for a lesson.
    #[napi]
    pub async fn write_progress_log(
        &self,
        actor: Actor,
        booking_id: String,
        note: ProgressNote,
    ) -> napi::Result<out::ProgressLog> {
        call(async {
            let actor = arg(actor, "actor")?;
            let booking_id = arg(booking_id, "bookingId")?;
            let note = arg(note, "note")?;
            Ok(self
                .inner
                .write_progress_log(&actor, booking_id, note)
                .await?)
        })
        .await
    }

    /// The tutor edits a progress log they wrote.
    #[napi]
    pub async fn update_progress_log(
        &self,
        actor: Actor,
        log_id: String,
        note: ProgressNote,
    ) -> napi::Result<out::ProgressLog> {
        call(async {
            let actor = arg(actor, "actor")?;
            let log_id = arg(log_id, "logId")?;
            let note = arg(note, "note")?;
            Ok(self.inner.update_progress_log(&actor, log_id, note).await?)
        })
        .await
    }

    /// A student's progress logs (theirs, or the ones the tutor wrote).
    #[napi]
    pub async fn progress_logs(
        &self,
        actor: Actor,
        student_id: String,
    ) -> napi::Result<out::Vec<ProgressLog>> {
        call(async {
            let actor = arg(actor, "actor")?;
            let student_id = arg(student_id, "studentId")?;
            Ok(self.inner.progress_logs(&actor, student_id).await?)
        })
        .await
    }

    /// Reports a user, tutor profile, review, message or booking.
    #[napi]
    pub async fn report(&self, actor: Actor, report: NewReport) -> napi::Result<out::Report> {
        call(async {
            let actor = arg(actor, "actor")?;
            let report = arg(report, "report")?;
            Ok(self.inner.report(&actor, report).await?)
        })
        .await
    }

    /// The moderation queue (admins).
    #[napi]
    pub async fn list_reports(
        &self,
        actor: Actor,
        status: ReportStatus,
    ) -> napi::Result<out::Vec<Report>> {
        call(async {
            let actor = arg(actor, "actor")?;
            let status = arg(status, "status")?;
            Ok(self.inner.list_reports(&actor, status).await?)
        })
        .await
    }

    /// An admin moves a report.
    #[napi]
    pub async fn handle_report(
        &self,
        actor: Actor,
        report_id: String,
        status: ReportStatus,
    ) -> napi::Result<out::Report> {
        call(async {
            let actor = arg(actor, "actor")?;
            let report_id = arg(report_id, "reportId")?;
            let status = arg(status, "status")?;
            Ok(self.inner.handle_report(&actor, report_id, status).await?)
        })
        .await
    }

    /// An admin bans a tutor (upcoming lessons cancelled with refunds).
    #[napi]
    pub async fn ban_tutor(
        &self,
        actor: Actor,
        tutor_profile_id: String,
        reason: String,
    ) -> napi::Result<out::TutorProfile> {
        call(async {
            let actor = arg(actor, "actor")?;
            let tutor_profile_id = arg(tutor_profile_id, "tutorProfileId")?;
            Ok(self
                .inner
                .ban_tutor(&actor, tutor_profile_id, reason)
                .await?)
        })
        .await
    }

    /// The actor's notifications, newest first (`before`: the last one of the previous page).
    #[napi]
    pub async fn list_notifications(
        &self,
        actor: Actor,
        before: Option<String>,
        limit: i64,
    ) -> napi::Result<out::Vec<Notification>> {
        call(async {
            let actor = arg(actor, "actor")?;
            let before = arg(before, "before")?;
            Ok(self.inner.list_notifications(&actor, before, limit).await?)
        })
        .await
    }

    /// How many of the actor's notifications are unread.
    #[napi]
    pub async fn unread_notification_count(&self, actor: Actor) -> napi::Result<out::number> {
        call(async {
            let actor = arg(actor, "actor")?;
            // A count: a JS number (exact far beyond any inbox).
            Ok(self.inner.unread_notification_count(&actor).await? as u64)
        })
        .await
    }

    /// Marks one notification read.
    #[napi]
    pub async fn mark_notification_read(
        &self,
        actor: Actor,
        notification_id: String,
    ) -> napi::Result<out::boolean> {
        call(async {
            let actor = arg(actor, "actor")?;
            let notification_id = arg(notification_id, "notificationId")?;
            Ok(self
                .inner
                .mark_notification_read(&actor, notification_id)
                .await?)
        })
        .await
    }

    /// Marks all the actor's notifications read.
    #[napi]
    pub async fn mark_all_notifications_read(&self, actor: Actor) -> napi::Result<out::number> {
        call(async {
            let actor = arg(actor, "actor")?;
            Ok(self.inner.mark_all_notifications_read(&actor).await?)
        })
        .await
    }

    /// For the host's delivery worker: claims undelivered outbox events for a lease.
    #[napi]
    pub async fn claim_outbox(
        &self,
        limit: i64,
        lease_seconds: i64,
    ) -> napi::Result<out::Vec<OutboxEvent>> {
        call(async { Ok(self.inner.claim_outbox(limit, lease_seconds).await?) }).await
    }

    /// Acknowledges delivered outbox events.
    #[napi]
    pub async fn ack_outbox(&self, event_ids: Vec<String>) -> napi::Result<out::number> {
        call(async {
            let event_ids = arg(event_ids, "eventIds")?;
            Ok(self.inner.ack_outbox(event_ids).await?)
        })
        .await
    }
}
