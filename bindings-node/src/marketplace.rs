//! The facade as a JS class: `Marketplace.open(url, options)` and one async method per core
//! use case, each converting its arguments ([`arg`]), delegating, and converting the result
//! ([`call`]). Binding a new facade method is one such method; its arguments are typed with
//! the aliases of [`js`] (`js::Uuid`, `js::NewBooking`), so whatever JS passes, the Promise
//! rejects instead of the call throwing.

use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use blajarplus as bp;
use chrono::{Duration, NaiveDate, NaiveTime};
use napi::bindgen_prelude::{Either, Uint8Array};
use napi::{Env, sys};
use napi_derive::napi;
use rust_decimal::Decimal;

use crate::args::{self, Int, ReadJs, Uuid, js, read_instance};
use crate::convert::{Date, FromJs, Path, ToJs, arg, read};
use crate::error::{ArgError, BindingError, Failure, Outcome, throw};
use crate::types::object_reader;
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
/// JS thread and returns a Promise. Open one per process and share it; `close()` it when done.
#[napi]
pub struct Marketplace {
    inner: bp::Marketplace,
    /// Set by `close()`: every later call rejects with `config`.
    closed: AtomicBool,
}

impl ToJs for bp::Marketplace {
    type Js = Marketplace;
    fn to_js(self) -> Marketplace {
        Marketplace {
            inner: self,
            closed: AtomicBool::new(false),
        }
    }
}

impl Marketplace {
    /// [`call`], refused with `config` once the marketplace is closed.
    async fn call<T: ToJs>(
        &self,
        work: impl Future<Output = Result<T, Failure>>,
    ) -> napi::Result<Outcome<T::Js>> {
        if self.closed.load(Ordering::Acquire) {
            let closed = BindingError::new(
                "config",
                "configuration: the marketplace is closed (close() was called)",
                None,
            );
            return Ok(Err::<T::Js, _>(Failure::from(closed)).into());
        }
        call(work).await
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
    pub fn new(env: Env, at: js::Date) -> napi::Result<Self> {
        let at = arg(at, "at").map_err(|e| throw(&env, e.into()))?;
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
    #[napi(ts_return_type = "void")]
    pub fn set(&self, at: js::Date) -> Outcome<()> {
        arg(at, "at").map(|at| self.inner.set(at)).into()
    }

    /// Moves the clock by `milliseconds` (an integer; negative goes back).
    #[napi(ts_return_type = "void")]
    pub fn advance(&self, milliseconds: js::Int) -> Outcome<()> {
        let by = || {
            let path = Path::root("milliseconds");
            let ms: i64 = arg(milliseconds, "milliseconds")?;
            // Refused rather than wrapped or panicking: a move past chrono's calendar.
            let now = bp::clock::Clock::now(&*self.inner);
            Duration::try_milliseconds(ms)
                .and_then(|by| now.checked_add_signed(by))
                .ok_or_else(|| path.range_error("moves the clock out of the calendar"))
        };
        by().map(|at| self.inner.set(at)).into()
    }
}

/// A [`FixedClock`] passed in `OpenOptions.clock`: the shared core clock behind it.
#[derive(Debug, Clone)]
pub struct ClockRef(Arc<bp::clock::FixedClock>);

impl ReadJs for ClockRef {
    const EXPECTED: &'static str = "a FixedClock";
    unsafe fn read(
        env: sys::napi_env,
        value: sys::napi_value,
        path: Path<'_>,
    ) -> Result<Self, ArgError> {
        let clock = unsafe { read_instance::<FixedClock>(env, value, path, Self::EXPECTED) }?;
        Ok(ClockRef(clock.inner.clone()))
    }
}

/// How to open a marketplace. Everything is optional.
#[napi(object, object_to_js = false, object_from_js = false)]
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

object_reader!(OpenOptions {
    midtrans_server_key,
    xendit_callback_token,
    clock,
    policy,
});

/// Changes to core's default policy; what is absent keeps its default. Rates are decimal
/// strings (`"0.15"` = 15%), durations whole minutes.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Default)]
pub struct PolicyOptions {
    /// The platform's commission, a fraction of the price.
    pub platform_fee_rate: Option<args::Decimal>,
    /// A fee the student pays on top, a fraction of the price.
    pub student_service_fee_rate: Option<args::Decimal>,
    /// How long a checkout's payment stays open.
    pub payment_expiry_minutes: Option<Int>,
    /// Cancelling at least this long before the start refunds everything.
    pub free_cancellation_window_minutes: Option<Int>,
    /// What a late cancellation refunds, a fraction of what was paid.
    pub late_cancellation_refund_rate: Option<args::Decimal>,
    /// Earliest bookable start, from now.
    pub minimum_notice_minutes: Option<Int>,
    /// Latest bookable start, from now.
    pub booking_horizon_minutes: Option<Int>,
    /// Free time kept before every lesson.
    pub buffer_before_minutes: Option<Int>,
    /// Free time kept after every lesson.
    pub buffer_after_minutes: Option<Int>,
    /// Distance between candidate slot starts.
    pub slot_step_minutes: Option<Int>,
    /// How long after its end a lesson can be disputed.
    pub dispute_window_minutes: Option<Int>,
    /// How long after completion a review can be written.
    pub review_window_minutes: Option<Int>,
    /// How long before the start the reminder goes out.
    pub reminder_lead_minutes: Option<Int>,
    /// Refunds to the original payment method (`false`: to the student's wallet).
    pub refund_to_original_method: Option<bool>,
    /// Shortest lesson, in minutes.
    pub min_lesson_minutes: Option<Int>,
    /// Longest lesson, in minutes.
    pub max_lesson_minutes: Option<Int>,
}

object_reader!(PolicyOptions {
    platform_fee_rate,
    student_service_fee_rate,
    payment_expiry_minutes,
    free_cancellation_window_minutes,
    late_cancellation_refund_rate,
    minimum_notice_minutes,
    booking_horizon_minutes,
    buffer_before_minutes,
    buffer_after_minutes,
    slot_step_minutes,
    dispute_window_minutes,
    review_window_minutes,
    reminder_lead_minutes,
    refund_to_original_method,
    min_lesson_minutes,
    max_lesson_minutes,
});

impl FromJs<PolicyOptions> for bp::policy::Policy {
    fn from_js(js: PolicyOptions, path: Path<'_>) -> Result<Self, ArgError> {
        let mut p = bp::policy::Policy::default();
        let rate = |v: Option<args::Decimal>, name, default: Decimal| {
            Ok::<_, ArgError>(Option::<Decimal>::from_js(v, path.field(name))?.unwrap_or(default))
        };
        // Whole minutes; a count past chrono's range is refused, not a panic.
        let minutes = |v: Option<i64>, name, default: Duration| match v {
            None => Ok(default),
            Some(m) => Duration::try_minutes(m).ok_or_else(|| {
                path.field(name)
                    .range_error(format!("{m} minutes is too long"))
            }),
        };
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
        p.payment_expiry = minutes(
            js.payment_expiry_minutes,
            "payment_expiry_minutes",
            p.payment_expiry,
        )?;
        p.free_cancellation_window = minutes(
            js.free_cancellation_window_minutes,
            "free_cancellation_window_minutes",
            p.free_cancellation_window,
        )?;
        p.minimum_notice = minutes(
            js.minimum_notice_minutes,
            "minimum_notice_minutes",
            p.minimum_notice,
        )?;
        p.booking_horizon = minutes(
            js.booking_horizon_minutes,
            "booking_horizon_minutes",
            p.booking_horizon,
        )?;
        p.buffer_before = minutes(
            js.buffer_before_minutes,
            "buffer_before_minutes",
            p.buffer_before,
        )?;
        p.buffer_after = minutes(
            js.buffer_after_minutes,
            "buffer_after_minutes",
            p.buffer_after,
        )?;
        p.slot_step = minutes(js.slot_step_minutes, "slot_step_minutes", p.slot_step)?;
        p.dispute_window = minutes(
            js.dispute_window_minutes,
            "dispute_window_minutes",
            p.dispute_window,
        )?;
        p.review_window = minutes(
            js.review_window_minutes,
            "review_window_minutes",
            p.review_window,
        )?;
        p.reminder_lead = minutes(
            js.reminder_lead_minutes,
            "reminder_lead_minutes",
            p.reminder_lead,
        )?;
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
impl FromJs<Either<String, Uint8Array>> for Vec<u8> {
    fn from_js(raw: Either<String, Uint8Array>, _: Path<'_>) -> Result<Self, ArgError> {
        Ok(match raw {
            Either::A(text) => text.into_bytes(),
            Either::B(bytes) => bytes.to_vec(),
        })
    }
}

#[napi]
impl Marketplace {
    /// Opens (and migrates) the database at `url` — `sqlite::memory:`, `sqlite://app.db`,
    /// `postgres://…` — with optional payment keys, a test clock and policy changes.
    #[napi]
    pub async fn open(
        url: js::String,
        options: js::Option<OpenOptions>,
    ) -> napi::Result<out::Marketplace> {
        call(async move {
            let url: String = arg(url, "url")?;
            let options = read(options, "options")?;
            let OpenOptions {
                midtrans_server_key,
                xendit_callback_token,
                clock,
                policy,
            } = options.unwrap_or(OpenOptions {
                midtrans_server_key: None,
                xendit_callback_token: None,
                clock: None,
                policy: None,
            });
            let policy: Option<bp::policy::Policy> =
                FromJs::from_js(policy, Path::root("options").field("policy"))?;
            let mut m = bp::Marketplace::open(&url).await?.with_payment_keys(
                bp::marketplace::PaymentKeys {
                    midtrans_server_key,
                    xendit_callback_token,
                },
            );
            if let Some(ClockRef(clock)) = clock {
                m = m.with_clock(clock);
            }
            if let Some(policy) = policy {
                m = m.with_policy(policy);
            }
            Ok(m)
        })
        .await
    }

    /// Closes the connection pool. Every later call rejects with `config` (calls already
    /// running finish, or fail with `database` if they still needed a connection); closing
    /// again does nothing. `now()` and `backend` keep working.
    #[napi]
    pub async fn close(&self) -> napi::Result<out::void> {
        self.closed.store(true, Ordering::Release);
        call(async {
            self.inner.store().close().await;
            Ok(())
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
    pub async fn register_user(&self, user: js::NewUser) -> napi::Result<out::User> {
        self.call(async { Ok(self.inner.register_user(arg(user, "user")?).await?) })
            .await
    }

    /// Creates the first admin; refused (`forbidden`) once any admin exists.
    #[napi]
    pub async fn bootstrap_admin(
        &self,
        full_name: js::String,
        email: js::String,
    ) -> napi::Result<out::User> {
        self.call(async {
            let full_name: String = arg(full_name, "fullName")?;
            let email: String = arg(email, "email")?;
            Ok(self.inner.bootstrap_admin(&full_name, &email).await?)
        })
        .await
    }

    /// Creates another admin (admins only).
    #[napi]
    pub async fn create_admin(
        &self,
        actor: js::Actor,
        full_name: js::String,
        email: js::String,
    ) -> napi::Result<out::User> {
        self.call(async {
            let full_name: String = arg(full_name, "fullName")?;
            let email: String = arg(email, "email")?;
            let actor = arg(actor, "actor")?;
            Ok(self.inner.create_admin(&actor, &full_name, &email).await?)
        })
        .await
    }

    /// The actor's own account.
    #[napi]
    pub async fn me(&self, actor: js::Actor) -> napi::Result<out::User> {
        self.call(async { Ok(self.inner.me(&arg(actor, "actor")?).await?) })
            .await
    }

    /// The actor's wallet (created empty on first use).
    #[napi]
    pub async fn my_wallet(&self, actor: js::Actor) -> napi::Result<out::Wallet> {
        self.call(async { Ok(self.inner.my_wallet(&arg(actor, "actor")?).await?) })
            .await
    }

    // ---- catalogue and tutors ----------------------------------------------------------

    /// Creates a subject category (admins only).
    #[napi]
    pub async fn create_category(
        &self,
        actor: js::Actor,
        name: js::String,
    ) -> napi::Result<out::SubjectCategory> {
        self.call(async {
            let name: String = arg(name, "name")?;
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
        actor: js::Actor,
        name: js::String,
        category_id: js::Option<Uuid>,
    ) -> napi::Result<out::Subject> {
        self.call(async {
            let name: String = arg(name, "name")?;
            let (actor, category) = (arg(actor, "actor")?, arg(category_id, "categoryId")?);
            Ok(self.inner.create_subject(&actor, &name, category).await?)
        })
        .await
    }

    /// Creates the actor's tutor profile, as a draft.
    #[napi]
    pub async fn create_tutor_profile(
        &self,
        actor: js::Actor,
        profile: js::NewTutorProfile,
    ) -> napi::Result<out::TutorProfile> {
        self.call(async {
            let (actor, profile) = (arg(actor, "actor")?, arg(profile, "profile")?);
            Ok(self.inner.create_tutor_profile(&actor, profile).await?)
        })
        .await
    }

    /// Adds a subject to the actor's teaching.
    #[napi]
    pub async fn add_tutor_subject(
        &self,
        actor: js::Actor,
        subject: js::NewTutorSubject,
    ) -> napi::Result<out::TutorSubject> {
        self.call(async {
            let (actor, subject) = (arg(actor, "actor")?, arg(subject, "subject")?);
            Ok(self.inner.add_tutor_subject(&actor, subject).await?)
        })
        .await
    }

    /// Replaces the actor's weekly availability with `rules`, atomically.
    #[napi]
    pub async fn set_weekly_availability(
        &self,
        actor: js::Actor,
        rules: js::Vec<AvailabilityRule>,
    ) -> napi::Result<out::Vec<TutorAvailability>> {
        self.call(async {
            let (actor, rules) = (arg(actor, "actor")?, arg(rules, "rules")?);
            Ok(self.inner.set_weekly_availability(&actor, rules).await?)
        })
        .await
    }

    /// Adds a time-off to the actor's calendar.
    #[napi]
    pub async fn add_time_off(
        &self,
        actor: js::Actor,
        start_at: js::Date,
        end_at: js::Date,
        reason: js::Option<String>,
    ) -> napi::Result<out::TutorTimeOff> {
        self.call(async {
            let reason: Option<String> = arg(reason, "reason")?;
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
        actor: js::Actor,
        date: js::LocalDate,
        hours: js::Vec<TimeRange>,
    ) -> napi::Result<out::Vec<TutorDateOverride>> {
        self.call(async {
            let actor = arg(actor, "actor")?;
            let date: NaiveDate = arg(date, "date")?;
            let hours: Vec<(NaiveTime, NaiveTime)> = arg(hours, "hours")?;
            Ok(self.inner.set_date_override(&actor, date, hours).await?)
        })
        .await
    }

    /// Makes the actor's draft profile bookable (it needs a subject and availability).
    #[napi]
    pub async fn publish_tutor_profile(&self, actor: js::Actor) -> napi::Result<out::TutorProfile> {
        self.call(async {
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
        tutor_profile_id: js::Uuid,
        from: js::Date,
        to: js::Date,
        duration_minutes: js::Int,
    ) -> napi::Result<out::Vec<Interval>> {
        self.call(async {
            let duration_minutes: i64 = arg(duration_minutes, "durationMinutes")?;
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
        actor: js::Actor,
        booking: js::NewBooking,
    ) -> napi::Result<out::Booking> {
        self.call(async {
            let (actor, booking) = (arg(actor, "actor")?, arg(booking, "booking")?);
            Ok(self.inner.create_booking(&actor, booking).await?)
        })
        .await
    }

    /// Sends a draft to payment: the slot is held and a payment created.
    #[napi]
    pub async fn checkout(
        &self,
        actor: js::Actor,
        booking_id: js::Uuid,
        provider: js::PaymentProvider,
    ) -> napi::Result<out::Checkout> {
        self.call(async {
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
        actor: js::Actor,
        booking_id: js::Uuid,
        reason: js::Option<String>,
    ) -> napi::Result<out::Booking> {
        self.call(async {
            let reason: Option<String> = arg(reason, "reason")?;
            let (actor, booking) = (arg(actor, "actor")?, arg(booking_id, "bookingId")?);
            Ok(self.inner.cancel_booking(&actor, booking, reason).await?)
        })
        .await
    }

    /// The student confirms the lesson took place: the escrow is released.
    #[napi]
    pub async fn confirm_lesson(
        &self,
        actor: js::Actor,
        booking_id: js::Uuid,
    ) -> napi::Result<out::Booking> {
        self.call(async {
            let (actor, booking) = (arg(actor, "actor")?, arg(booking_id, "bookingId")?);
            Ok(self.inner.confirm_lesson(&actor, booking).await?)
        })
        .await
    }

    /// The tutor reports that the student did not come.
    #[napi]
    pub async fn report_no_show(
        &self,
        actor: js::Actor,
        booking_id: js::Uuid,
    ) -> napi::Result<out::Booking> {
        self.call(async {
            let (actor, booking) = (arg(actor, "actor")?, arg(booking_id, "bookingId")?);
            Ok(self.inner.report_no_show(&actor, booking).await?)
        })
        .await
    }

    /// The student disputes the lesson: the escrow stays frozen until an admin resolves it.
    #[napi]
    pub async fn dispute_booking(
        &self,
        actor: js::Actor,
        booking_id: js::Uuid,
        reason: js::String,
    ) -> napi::Result<out::Booking> {
        self.call(async {
            let reason: String = arg(reason, "reason")?;
            let (actor, booking) = (arg(actor, "actor")?, arg(booking_id, "bookingId")?);
            Ok(self.inner.dispute_booking(&actor, booking, reason).await?)
        })
        .await
    }

    /// An admin settles a dispute.
    #[napi]
    pub async fn resolve_dispute(
        &self,
        actor: js::Actor,
        booking_id: js::Uuid,
        resolution: js::DisputeResolution,
        note: js::Option<String>,
    ) -> napi::Result<out::Booking> {
        self.call(async {
            let note: Option<String> = arg(note, "note")?;
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
        actor: js::Actor,
        booking_id: js::Uuid,
        start_at: js::Date,
    ) -> napi::Result<out::Booking> {
        self.call(async {
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
        actor: js::Actor,
        booking_id: js::Uuid,
        accept: js::bool,
    ) -> napi::Result<out::Booking> {
        self.call(async {
            let accept: bool = arg(accept, "accept")?;
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
        actor: js::Actor,
        booking_id: js::Uuid,
    ) -> napi::Result<out::Booking> {
        self.call(async {
            let (actor, booking) = (arg(actor, "actor")?, arg(booking_id, "bookingId")?);
            Ok(self.inner.get_booking(&actor, booking).await?)
        })
        .await
    }

    /// A booking's status history, oldest first.
    #[napi]
    pub async fn booking_history(
        &self,
        actor: js::Actor,
        booking_id: js::Uuid,
    ) -> napi::Result<out::Vec<BookingStatusLog>> {
        self.call(async {
            let (actor, booking) = (arg(actor, "actor")?, arg(booking_id, "bookingId")?);
            Ok(self.inner.booking_history(&actor, booking).await?)
        })
        .await
    }

    /// The actor's bookings (a student's own, a tutor's lessons) in `[from, to)`.
    #[napi]
    pub async fn my_bookings(
        &self,
        actor: js::Actor,
        from: js::Date,
        to: js::Date,
    ) -> napi::Result<out::Vec<Booking>> {
        self.call(async {
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
        actor: js::Actor,
        package: js::NewPackage,
    ) -> napi::Result<out::LessonPackage> {
        self.call(async {
            let (actor, package) = (arg(actor, "actor")?, arg(package, "package")?);
            Ok(self.inner.create_package(&actor, package).await?)
        })
        .await
    }

    /// A tutor stops (or resumes) selling a package.
    #[napi]
    pub async fn set_package_active(
        &self,
        actor: js::Actor,
        package_id: js::Uuid,
        is_active: js::bool,
    ) -> napi::Result<out::LessonPackage> {
        self.call(async {
            let is_active: bool = arg(is_active, "isActive")?;
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
        actor: js::Actor,
        tutor_profile_id: js::Uuid,
    ) -> napi::Result<out::Vec<LessonPackage>> {
        self.call(async {
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
        actor: js::Actor,
        package_id: js::Uuid,
        provider: js::PaymentProvider,
    ) -> napi::Result<out::PackageCheckout> {
        self.call(async {
            let (actor, package) = (arg(actor, "actor")?, arg(package_id, "packageId")?);
            let provider = arg(provider, "provider")?;
            Ok(self.inner.buy_package(&actor, package, provider).await?)
        })
        .await
    }

    /// The actor's package purchases, newest first.
    #[napi]
    pub async fn my_purchases(&self, actor: js::Actor) -> napi::Result<out::Vec<PackagePurchase>> {
        self.call(async { Ok(self.inner.my_purchases(&arg(actor, "actor")?).await?) })
            .await
    }

    /// Confirms a draft booking with a session of the student's package purchase.
    #[napi]
    pub async fn book_with_package(
        &self,
        actor: js::Actor,
        booking_id: js::Uuid,
        purchase_id: js::Uuid,
    ) -> napi::Result<out::Booking> {
        self.call(async {
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
        body: js::Either<String, Uint8Array>,
    ) -> napi::Result<out::PaymentOutcome> {
        self.call(async move {
            let body: Vec<u8> = arg(body, "body")?;
            Ok(self.inner.handle_midtrans_notification(&body).await?)
        })
        .await
    }

    /// Verifies and applies a Xendit invoice callback, from its raw body and its
    /// `x-callback-token` header.
    #[napi]
    pub async fn handle_xendit_callback(
        &self,
        body: js::Either<String, Uint8Array>,
        callback_token: js::Option<String>,
    ) -> napi::Result<out::PaymentOutcome> {
        self.call(async move {
            let body: Vec<u8> = arg(body, "body")?;
            let token: Option<String> = arg(callback_token, "callbackToken")?;
            Ok(self
                .inner
                .handle_xendit_callback(&body, token.as_deref())
                .await?)
        })
        .await
    }

    /// Applies a provider notification the host verified itself.
    #[napi]
    pub async fn apply_payment_update(
        &self,
        update: js::PaymentUpdate,
    ) -> napi::Result<out::PaymentOutcome> {
        self.call(async {
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
        actor: js::Actor,
        payment_id: js::Uuid,
    ) -> napi::Result<out::PaymentOutcome> {
        self.call(async {
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
        actor: js::Actor,
        amount: js::Decimal,
    ) -> napi::Result<out::WithdrawalRequest> {
        self.call(async {
            let (actor, amount) = (arg(actor, "actor")?, arg(amount, "amount")?);
            Ok(self.inner.request_withdrawal(&actor, amount).await?)
        })
        .await
    }

    /// An admin records a withdrawal as paid out.
    #[napi]
    pub async fn mark_withdrawal_paid(
        &self,
        actor: js::Actor,
        withdrawal_id: js::Uuid,
        reference_id: js::Option<String>,
    ) -> napi::Result<out::WithdrawalRequest> {
        self.call(async {
            let reference_id: Option<String> = arg(reference_id, "referenceId")?;
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
        actor: js::Actor,
        withdrawal_id: js::Uuid,
        note: js::Option<String>,
    ) -> napi::Result<out::WithdrawalRequest> {
        self.call(async {
            let note: Option<String> = arg(note, "note")?;
            let (actor, id) = (arg(actor, "actor")?, arg(withdrawal_id, "withdrawalId")?);
            Ok(self.inner.reject_withdrawal(&actor, id, note).await?)
        })
        .await
    }

    /// Recomputes every balance from the ledger and checks every invariant.
    #[napi]
    pub async fn verify_ledger(&self) -> napi::Result<out::LedgerReport> {
        self.call(async { Ok(self.inner.verify_ledger().await?) })
            .await
    }

    /// Does what has come due (expiries, auto-completions, reminders), exactly once.
    #[napi]
    pub async fn run_due(&self) -> napi::Result<out::DueReport> {
        self.call(async { Ok(self.inner.run_due().await?) }).await
    }
}

#[napi]
impl Marketplace {
    /// Signs in with an email or phone and a password (`unauthenticated` when wrong).
    #[napi]
    pub async fn login(
        &self,
        identifier: js::String,
        password: js::String,
    ) -> napi::Result<out::User> {
        self.call(async {
            let identifier: String = arg(identifier, "identifier")?;
            let password: String = arg(password, "password")?;
            Ok(self.inner.login(&identifier, &password).await?)
        })
        .await
    }

    /// Sets the actor's password (`current` required when one is set).
    #[napi]
    pub async fn change_password(
        &self,
        actor: js::Actor,
        current: js::Option<String>,
        new_password: js::String,
    ) -> napi::Result<out::void> {
        self.call(async {
            let current: Option<String> = arg(current, "current")?;
            let new_password: String = arg(new_password, "newPassword")?;
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
        actor: js::Actor,
        changes: js::ProfileUpdate,
    ) -> napi::Result<out::User> {
        self.call(async {
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
        actor: js::Actor,
        user_id: js::Uuid,
        status: js::UserStatus,
    ) -> napi::Result<out::User> {
        self.call(async {
            let actor = arg(actor, "actor")?;
            let user_id = arg(user_id, "userId")?;
            let status = arg(status, "status")?;
            Ok(self.inner.set_user_status(&actor, user_id, status).await?)
        })
        .await
    }

    /// The actor deletes their own account (a soft delete that keeps the books).
    #[napi]
    pub async fn delete_account(&self, actor: js::Actor) -> napi::Result<out::User> {
        self.call(async {
            let actor = arg(actor, "actor")?;
            Ok(self.inner.delete_account(&actor).await?)
        })
        .await
    }

    /// An admin deletes a user (a soft delete that keeps the books).
    #[napi]
    pub async fn delete_user(
        &self,
        actor: js::Actor,
        user_id: js::Uuid,
    ) -> napi::Result<out::User> {
        self.call(async {
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
        actor: js::Actor,
        address: js::NewAddress,
    ) -> napi::Result<out::UserAddress> {
        self.call(async {
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
        actor: js::Actor,
        address_id: js::Uuid,
        address: js::NewAddress,
    ) -> napi::Result<out::UserAddress> {
        self.call(async {
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
        actor: js::Actor,
        address_id: js::Uuid,
    ) -> napi::Result<out::UserAddress> {
        self.call(async {
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
        actor: js::Actor,
        address_id: js::Uuid,
    ) -> napi::Result<out::void> {
        self.call(async {
            let actor = arg(actor, "actor")?;
            let address_id = arg(address_id, "addressId")?;
            Ok(self.inner.delete_address(&actor, address_id).await?)
        })
        .await
    }

    /// The actor's addresses, the primary first.
    #[napi]
    pub async fn list_addresses(&self, actor: js::Actor) -> napi::Result<out::Vec<UserAddress>> {
        self.call(async {
            let actor = arg(actor, "actor")?;
            Ok(self.inner.list_addresses(&actor).await?)
        })
        .await
    }

    /// A tutor profile (public when active).
    #[napi]
    pub async fn get_tutor_profile(
        &self,
        actor: js::Actor,
        tutor_profile_id: js::Uuid,
    ) -> napi::Result<out::TutorProfile> {
        self.call(async {
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
        actor: js::Actor,
        profile: js::NewTutorProfile,
    ) -> napi::Result<out::TutorProfile> {
        self.call(async {
            let actor = arg(actor, "actor")?;
            let profile = arg(profile, "profile")?;
            Ok(self.inner.update_tutor_profile(&actor, profile).await?)
        })
        .await
    }

    /// The tutor stops taking new bookings.
    #[napi]
    pub async fn deactivate_tutor_profile(
        &self,
        actor: js::Actor,
    ) -> napi::Result<out::TutorProfile> {
        self.call(async {
            let actor = arg(actor, "actor")?;
            Ok(self.inner.deactivate_tutor_profile(&actor).await?)
        })
        .await
    }

    /// The tutor changes one of their subjects.
    #[napi]
    pub async fn update_tutor_subject(
        &self,
        actor: js::Actor,
        tutor_subject_id: js::Uuid,
        changes: js::TutorSubjectUpdate,
    ) -> napi::Result<out::TutorSubject> {
        self.call(async {
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
        actor: js::Actor,
        tutor_profile_id: js::Uuid,
    ) -> napi::Result<out::Vec<TutorSubject>> {
        self.call(async {
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
        actor: js::Actor,
        doc_type: js::DocType,
        file_url: js::String,
    ) -> napi::Result<out::TutorDocument> {
        self.call(async {
            let file_url: String = arg(file_url, "fileUrl")?;
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
        actor: js::Actor,
        tutor_profile_id: js::Uuid,
    ) -> napi::Result<out::Vec<TutorDocument>> {
        self.call(async {
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
        actor: js::Actor,
        document_id: js::Uuid,
        approve: js::bool,
        note: js::Option<String>,
    ) -> napi::Result<out::TutorDocument> {
        self.call(async {
            let approve: bool = arg(approve, "approve")?;
            let note: Option<String> = arg(note, "note")?;
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
        actor: js::Actor,
        category_id: js::Uuid,
        name: js::String,
        is_active: js::bool,
    ) -> napi::Result<out::SubjectCategory> {
        self.call(async {
            let name: String = arg(name, "name")?;
            let is_active: bool = arg(is_active, "isActive")?;
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
        actor: js::Actor,
        subject_id: js::Uuid,
        name: js::String,
        category_id: js::Option<Uuid>,
        is_active: js::bool,
    ) -> napi::Result<out::Subject> {
        self.call(async {
            let name: String = arg(name, "name")?;
            let is_active: bool = arg(is_active, "isActive")?;
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
        self.call(async { Ok(self.inner.catalog().await?) }).await
    }

    /// Tutor search: filters, full text, availability, distance; a page and a cursor.
    #[napi]
    pub async fn search_tutors(&self, query: js::TutorSearch) -> napi::Result<out::SearchPage> {
        self.call(async {
            let query = arg(query, "query")?;
            Ok(self.inner.search_tutors(query).await?)
        })
        .await
    }

    /// An admin rewrites every tutor's search document.
    #[napi]
    pub async fn rebuild_search_index(&self, actor: js::Actor) -> napi::Result<out::number> {
        self.call(async {
            let actor = arg(actor, "actor")?;
            Ok(self.inner.rebuild_search_index(&actor).await?)
        })
        .await
    }

    /// The student reviews a completed lesson.
    #[napi]
    pub async fn write_review(
        &self,
        actor: js::Actor,
        booking_id: js::Uuid,
        review: js::NewReview,
    ) -> napi::Result<out::Review> {
        self.call(async {
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
        actor: js::Actor,
        review_id: js::Uuid,
        status: js::ReviewStatus,
        reason: js::Option<String>,
    ) -> napi::Result<out::Review> {
        self.call(async {
            let reason: Option<String> = arg(reason, "reason")?;
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
        tutor_profile_id: js::Uuid,
        before: js::Option<ReviewCursor>,
        limit: js::Int,
    ) -> napi::Result<out::Vec<Review>> {
        self.call(async {
            let limit: i64 = arg(limit, "limit")?;
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
        actor: js::Actor,
        student_id: js::Uuid,
        tutor_profile_id: js::Uuid,
    ) -> napi::Result<out::Conversation> {
        self.call(async {
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
        actor: js::Actor,
        conversation_id: js::Uuid,
        message: js::NewMessage,
    ) -> napi::Result<out::Message> {
        self.call(async {
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
        actor: js::Actor,
        conversation_id: js::Uuid,
        before: js::Option<MessageCursor>,
        limit: js::Int,
    ) -> napi::Result<out::Vec<Message>> {
        self.call(async {
            let limit: i64 = arg(limit, "limit")?;
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
        actor: js::Actor,
        conversation_id: js::Uuid,
        up_to: js::Uuid,
    ) -> napi::Result<out::number> {
        self.call(async {
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
    pub async fn my_conversations(&self, actor: js::Actor) -> napi::Result<out::Inbox> {
        self.call(async {
            let actor = arg(actor, "actor")?;
            Ok(self.inner.my_conversations(&actor).await?)
        })
        .await
    }

    /// Blocks a conversation.
    #[napi]
    pub async fn block_conversation(
        &self,
        actor: js::Actor,
        conversation_id: js::Uuid,
    ) -> napi::Result<out::Conversation> {
        self.call(async {
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
        actor: js::Actor,
        conversation_id: js::Uuid,
    ) -> napi::Result<out::Conversation> {
        self.call(async {
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
        actor: js::Actor,
        tutor_profile_id: js::Uuid,
    ) -> napi::Result<out::Favorite> {
        self.call(async {
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
        actor: js::Actor,
        tutor_profile_id: js::Uuid,
    ) -> napi::Result<out::boolean> {
        self.call(async {
            let actor = arg(actor, "actor")?;
            let tutor_profile_id = arg(tutor_profile_id, "tutorProfileId")?;
            Ok(self.inner.remove_favorite(&actor, tutor_profile_id).await?)
        })
        .await
    }

    /// The student's favorite tutors.
    #[napi]
    pub async fn my_favorites(&self, actor: js::Actor) -> napi::Result<out::Vec<FavoriteTutor>> {
        self.call(async {
            let actor = arg(actor, "actor")?;
            Ok(self.inner.my_favorites(&actor).await?)
        })
        .await
    }

    /// The tutor writes a progress log for a lesson.
    #[napi]
    pub async fn write_progress_log(
        &self,
        actor: js::Actor,
        booking_id: js::Uuid,
        note: js::ProgressNote,
    ) -> napi::Result<out::ProgressLog> {
        self.call(async {
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
        actor: js::Actor,
        log_id: js::Uuid,
        note: js::ProgressNote,
    ) -> napi::Result<out::ProgressLog> {
        self.call(async {
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
        actor: js::Actor,
        student_id: js::Uuid,
    ) -> napi::Result<out::Vec<ProgressLog>> {
        self.call(async {
            let actor = arg(actor, "actor")?;
            let student_id = arg(student_id, "studentId")?;
            Ok(self.inner.progress_logs(&actor, student_id).await?)
        })
        .await
    }

    /// Reports a user, tutor profile, review, message or booking.
    #[napi]
    pub async fn report(
        &self,
        actor: js::Actor,
        report: js::NewReport,
    ) -> napi::Result<out::Report> {
        self.call(async {
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
        actor: js::Actor,
        status: js::ReportStatus,
    ) -> napi::Result<out::Vec<Report>> {
        self.call(async {
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
        actor: js::Actor,
        report_id: js::Uuid,
        status: js::ReportStatus,
    ) -> napi::Result<out::Report> {
        self.call(async {
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
        actor: js::Actor,
        tutor_profile_id: js::Uuid,
        reason: js::String,
    ) -> napi::Result<out::TutorProfile> {
        self.call(async {
            let reason: String = arg(reason, "reason")?;
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
        actor: js::Actor,
        before: js::Option<Uuid>,
        limit: js::Int,
    ) -> napi::Result<out::Vec<Notification>> {
        self.call(async {
            let limit: i64 = arg(limit, "limit")?;
            let actor = arg(actor, "actor")?;
            let before = arg(before, "before")?;
            Ok(self.inner.list_notifications(&actor, before, limit).await?)
        })
        .await
    }

    /// How many of the actor's notifications are unread.
    #[napi]
    pub async fn unread_notification_count(&self, actor: js::Actor) -> napi::Result<out::number> {
        self.call(async {
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
        actor: js::Actor,
        notification_id: js::Uuid,
    ) -> napi::Result<out::boolean> {
        self.call(async {
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
    pub async fn mark_all_notifications_read(&self, actor: js::Actor) -> napi::Result<out::number> {
        self.call(async {
            let actor = arg(actor, "actor")?;
            Ok(self.inner.mark_all_notifications_read(&actor).await?)
        })
        .await
    }

    /// For the host's delivery worker: claims undelivered outbox events for a lease.
    #[napi]
    pub async fn claim_outbox(
        &self,
        limit: js::Int,
        lease_seconds: js::Int,
    ) -> napi::Result<out::Vec<OutboxEvent>> {
        self.call(async {
            let limit: i64 = arg(limit, "limit")?;
            let lease_seconds: i64 = arg(lease_seconds, "leaseSeconds")?;
            Ok(self.inner.claim_outbox(limit, lease_seconds).await?)
        })
        .await
    }

    /// Acknowledges delivered outbox events.
    #[napi]
    pub async fn ack_outbox(&self, event_ids: js::Vec<Uuid>) -> napi::Result<out::number> {
        self.call(async {
            let event_ids = arg(event_ids, "eventIds")?;
            Ok(self.inner.ack_outbox(event_ids).await?)
        })
        .await
    }
}
