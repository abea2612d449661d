//! The facade: `Marketplace`, one async method per use case of `blajarplus::Marketplace`.
//!
//! Every method is declared in [`facade!`] with core's types for its arguments: the macro
//! exports it with their wire forms, converts each argument with [`Edge::lift`] (so a bad
//! value is a `Validation` error naming the argument or field, see [`crate::edge`]), runs the
//! body, and lists the method in the contract table ([`contract`]). Binding a new facade method
//! is one method in `facade!`: its signature with core's types, a doc line, and
//! `delegate!(self, |m| m.new_method(&actor, ...))`.

use std::sync::Arc;

use blajarplus::Actor;
use blajarplus::marketplace::{
    AvailabilityRule, Catalog, Checkout, DisputeResolution, Inbox, NewAddress, NewBooking,
    NewMessage, NewPackage, NewReport, NewReview, NewTutorProfile, NewTutorSubject,
    PackageCheckout, PaymentKeys, PaymentOutcome, PaymentUpdate, ProfileUpdate, ProgressNote,
    TutorSubjectUpdate,
};
use blajarplus::search::{SearchPage, TutorSearch};
use blajarplus::slots::Interval;
use blajarplus::types::*;
use rust_decimal::Decimal;

use crate::convert::{LocalDate, UtcDateTime};
use crate::edge::{ContractArgument, ContractMethod, Edge, Path, Wire};
use crate::error::BlajarplusError;
use crate::inputs::{Hours, Options, Registration};
use crate::runtime;
use crate::types::{DueReport, LedgerReport, User};

/// The result of every binding call.
type Result<T> = std::result::Result<T, BlajarplusError>;

/// Runs one facade call on the shared runtime and converts its outcome.
///
/// `|m| call` names the core marketplace (a cheap clone, so the future owns everything it
/// borrows and can be spawned) and the call that returns core's future. The output goes
/// through `Into` (the identity for remote types, the mirror's `From` for the others) and the
/// error through [`BlajarplusError::from`].
macro_rules! delegate {
    ($self:ident, |$m:ident| $call:expr) => {{
        let $m = $self.inner.clone();
        runtime::run(async move { $call.await })
            .await
            .map(Into::into)
            .map_err(BlajarplusError::from)
    }};
}

/// Exports the facade methods: each with its arguments' wire forms ([`Wire`]), each argument
/// converted by [`Edge::lift`] under its own name before the body runs; and [`methods`], the
/// same declarations as the contract table.
macro_rules! facade {
    ($(
        $(#[$meta:meta])*
        pub async fn $name:ident(&$self:ident $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty $body:block
    )*) => {
        #[uniffi::export(async_runtime = "tokio")]
        impl Marketplace {
            $(
                $(#[$meta])*
                pub async fn $name(&$self $(, $arg: Wire<$ty>)*) -> $ret {
                    $( let $arg = <$ty as Edge>::lift($arg, &Path::argument(stringify!($arg)))?; )*
                    $body
                }
            )*
        }

        /// The facade methods declared in `facade!`, their arguments and leaves.
        fn methods() -> Vec<ContractMethod> {
            vec![$(
                ContractMethod {
                    name: stringify!($name).to_owned(),
                    arguments: vec![$( ContractArgument::of::<$ty>(stringify!($arg)) ),*],
                },
            )*]
        }
    };
}

/// The marketplace: every use case, as one async method (Kotlin `suspend fun`, Swift
/// `async throws`). Open one per process with [`Marketplace::open`] and share it. Kotlin's
/// `Marketplace` is `AutoCloseable`: `close()` (UniFFI's `destroy()`) drops it and its
/// connection pool; a call after that throws UniFFI's `IllegalStateException`.
#[derive(Debug, uniffi::Object)]
pub struct Marketplace {
    inner: blajarplus::Marketplace,
}

#[uniffi::export(async_runtime = "tokio")]
impl Marketplace {
    /// Opens (creating and migrating) the database at `url`: `sqlite:///absolute/path/app.db`
    /// for a file in the app's sandbox, `sqlite::memory:`, or `postgres://…`.
    ///
    /// # Errors
    /// `Validation` for a bad value in `options` (a policy's rate or span, before anything is
    /// opened); `Config` for a bad URL or a failed migration; `Database` when it cannot be
    /// reached.
    #[uniffi::constructor(default(options = None))]
    pub async fn open(url: String, options: Wire<Option<Options>>) -> Result<Arc<Self>> {
        let options =
            Option::<Options>::lift(options, &Path::argument("options"))?.unwrap_or_default();
        let inner = runtime::run(async move { blajarplus::Marketplace::open(&url).await }).await?;
        let mut inner = inner.with_payment_keys(PaymentKeys {
            midtrans_server_key: options.midtrans_server_key,
            xendit_callback_token: options.xendit_callback_token,
        });
        if let Some(policy) = options.policy {
            inner = inner.with_policy(policy.into());
        }
        if let Some(clock) = options.clock {
            inner = inner.with_clock(clock.0.clone());
        }
        Ok(Arc::new(Marketplace { inner }))
    }

    /// Now, per this marketplace's clock.
    pub fn now(&self) -> UtcDateTime {
        self.inner.now()
    }
}

/// The contract table of the facade: `open` (declared by hand above) and every method of
/// `facade!`.
pub(crate) fn contract() -> Vec<ContractMethod> {
    let open = ContractMethod {
        name: "open".to_owned(),
        arguments: vec![
            ContractArgument::of::<String>("url"),
            ContractArgument::of::<Option<Options>>("options"),
        ],
    };
    std::iter::once(open).chain(methods()).collect()
}

facade! {
    // --- accounts ---------------------------------------------------------------------------

    /// Registers a student or a tutor (`register_user`), with a password to sign in with
    /// (kept out of `NewUser` so that printing one never shows it).
    #[uniffi::method(default(password = None))]
    pub async fn register_user(&self, new: Registration, password: Option<String>) -> Result<User> {
        let new = new.with_password(password);
        delegate!(self, |m| m.register_user(new))
    }

    /// Creates the first admin; refused once an admin exists (`bootstrap_admin`).
    pub async fn bootstrap_admin(&self, full_name: String, email: String) -> Result<User> {
        delegate!(self, |m| m.bootstrap_admin(&full_name, &email))
    }

    /// An admin creates another admin (`create_admin`).
    pub async fn create_admin(
        &self,
        actor: Actor,
        full_name: String,
        email: String,
    ) -> Result<User> {
        delegate!(self, |m| m.create_admin(&actor, &full_name, &email))
    }

    /// The actor's own account (`me`).
    pub async fn me(&self, actor: Actor) -> Result<User> {
        delegate!(self, |m| m.me(&actor))
    }

    /// The actor's wallet, created empty on first use (`my_wallet`).
    pub async fn my_wallet(&self, actor: Actor) -> Result<Wallet> {
        delegate!(self, |m| m.my_wallet(&actor))
    }

    // --- tutors, catalogue, availability ----------------------------------------------------

    /// Creates the actor's tutor profile, as a draft (`create_tutor_profile`).
    pub async fn create_tutor_profile(
        &self,
        actor: Actor,
        new: NewTutorProfile,
    ) -> Result<TutorProfile> {
        delegate!(self, |m| m.create_tutor_profile(&actor, new))
    }

    /// An admin creates a subject category (`create_category`).
    pub async fn create_category(&self, actor: Actor, name: String) -> Result<SubjectCategory> {
        delegate!(self, |m| m.create_category(&actor, &name))
    }

    /// An admin creates a subject, optionally in a category (`create_subject`).
    #[uniffi::method(default(category = None))]
    pub async fn create_subject(
        &self,
        actor: Actor,
        name: String,
        category: Option<CategoryId>,
    ) -> Result<Subject> {
        delegate!(self, |m| m.create_subject(&actor, &name, category))
    }

    /// Adds a subject to the actor's teaching (`add_tutor_subject`).
    pub async fn add_tutor_subject(
        &self,
        actor: Actor,
        new: NewTutorSubject,
    ) -> Result<TutorSubject> {
        delegate!(self, |m| m.add_tutor_subject(&actor, new))
    }

    /// Replaces the actor's weekly availability, atomically (`set_weekly_availability`).
    pub async fn set_weekly_availability(
        &self,
        actor: Actor,
        rules: Vec<AvailabilityRule>,
    ) -> Result<Vec<TutorAvailability>> {
        delegate!(self, |m| m.set_weekly_availability(&actor, rules))
    }

    /// Adds a time-off to the actor's calendar (`add_time_off`).
    #[uniffi::method(default(reason = None))]
    pub async fn add_time_off(
        &self,
        actor: Actor,
        start_at: UtcDateTime,
        end_at: UtcDateTime,
        reason: Option<String>,
    ) -> Result<TutorTimeOff> {
        delegate!(self, |m| m.add_time_off(&actor, start_at, end_at, reason))
    }

    /// Gives one local date other hours than the weekly rules; no hours = closed that day
    /// (`set_date_override`).
    pub async fn set_date_override(
        &self,
        actor: Actor,
        date: LocalDate,
        hours: Vec<Hours>,
    ) -> Result<Vec<TutorDateOverride>> {
        let hours = hours.into_iter().map(Into::into).collect();
        delegate!(self, |m| m.set_date_override(&actor, date, hours))
    }

    /// Makes the actor's profile bookable (`publish_tutor_profile`).
    pub async fn publish_tutor_profile(&self, actor: Actor) -> Result<TutorProfile> {
        delegate!(self, |m| m.publish_tutor_profile(&actor))
    }

    /// The tutor's free slots of `duration_minutes` starting in `[from, to)`
    /// (`available_slots`).
    pub async fn available_slots(
        &self,
        tutor: TutorProfileId,
        from: UtcDateTime,
        to: UtcDateTime,
        duration_minutes: i64,
    ) -> Result<Vec<Interval>> {
        delegate!(self, |m| m.available_slots(
            tutor,
            from,
            to,
            duration_minutes
        ))
    }

    // --- bookings ---------------------------------------------------------------------------

    /// A student creates a priced draft booking (`create_booking`).
    pub async fn create_booking(&self, actor: Actor, new: NewBooking) -> Result<Booking> {
        delegate!(self, |m| m.create_booking(&actor, new))
    }

    /// Sends a draft to payment: the slot is held and a payment created (`checkout`).
    pub async fn checkout(
        &self,
        actor: Actor,
        booking: BookingId,
        provider: PaymentProvider,
    ) -> Result<Checkout> {
        delegate!(self, |m| m.checkout(&actor, booking, provider))
    }

    /// Cancels a booking, settling its escrow per the policy (`cancel_booking`).
    #[uniffi::method(default(reason = None))]
    pub async fn cancel_booking(
        &self,
        actor: Actor,
        booking: BookingId,
        reason: Option<String>,
    ) -> Result<Booking> {
        delegate!(self, |m| m.cancel_booking(&actor, booking, reason))
    }

    /// The student confirms the lesson took place; the escrow is released (`confirm_lesson`).
    pub async fn confirm_lesson(&self, actor: Actor, booking: BookingId) -> Result<Booking> {
        delegate!(self, |m| m.confirm_lesson(&actor, booking))
    }

    /// The tutor reports that the student did not come (`report_no_show`).
    pub async fn report_no_show(&self, actor: Actor, booking: BookingId) -> Result<Booking> {
        delegate!(self, |m| m.report_no_show(&actor, booking))
    }

    /// The student disputes the lesson; the escrow stays frozen (`dispute_booking`).
    pub async fn dispute_booking(
        &self,
        actor: Actor,
        booking: BookingId,
        reason: String,
    ) -> Result<Booking> {
        delegate!(self, |m| m.dispute_booking(&actor, booking, reason))
    }

    /// An admin settles a dispute (`resolve_dispute`).
    #[uniffi::method(default(note = None))]
    pub async fn resolve_dispute(
        &self,
        actor: Actor,
        booking: BookingId,
        resolution: DisputeResolution,
        note: Option<String>,
    ) -> Result<Booking> {
        delegate!(self, |m| m
            .resolve_dispute(&actor, booking, resolution, note))
    }

    /// Proposes another time for a confirmed booking (`request_reschedule`).
    pub async fn request_reschedule(
        &self,
        actor: Actor,
        booking: BookingId,
        start_at: UtcDateTime,
    ) -> Result<Booking> {
        delegate!(self, |m| m.request_reschedule(&actor, booking, start_at))
    }

    /// The other party accepts or declines a reschedule request (`respond_reschedule`).
    pub async fn respond_reschedule(
        &self,
        actor: Actor,
        booking: BookingId,
        accept: bool,
    ) -> Result<Booking> {
        delegate!(self, |m| m.respond_reschedule(&actor, booking, accept))
    }

    /// A booking, for its student, its tutor or an admin (`get_booking`).
    pub async fn get_booking(&self, actor: Actor, booking: BookingId) -> Result<Booking> {
        delegate!(self, |m| m.get_booking(&actor, booking))
    }

    /// A booking's status history, oldest first (`booking_history`).
    pub async fn booking_history(
        &self,
        actor: Actor,
        booking: BookingId,
    ) -> Result<Vec<BookingStatusLog>> {
        delegate!(self, |m| m.booking_history(&actor, booking))
    }

    /// The actor's bookings in `[from, to)` (`my_bookings`).
    pub async fn my_bookings(
        &self,
        actor: Actor,
        from: UtcDateTime,
        to: UtcDateTime,
    ) -> Result<Vec<Booking>> {
        delegate!(self, |m| m.my_bookings(&actor, from, to))
    }

    // --- lesson packages --------------------------------------------------------------------

    /// A tutor offers a package of sessions (`create_package`).
    pub async fn create_package(&self, actor: Actor, new: NewPackage) -> Result<LessonPackage> {
        delegate!(self, |m| m.create_package(&actor, new))
    }

    /// A tutor stops (or resumes) selling a package (`set_package_active`).
    pub async fn set_package_active(
        &self,
        actor: Actor,
        package: PackageId,
        is_active: bool,
    ) -> Result<LessonPackage> {
        delegate!(self, |m| m.set_package_active(&actor, package, is_active))
    }

    /// A tutor's packages: those on sale, or all for the tutor and admins (`list_packages`).
    pub async fn list_packages(
        &self,
        actor: Actor,
        tutor: TutorProfileId,
    ) -> Result<Vec<LessonPackage>> {
        delegate!(self, |m| m.list_packages(&actor, tutor))
    }

    /// A student buys a package; the purchase waits for its payment (`buy_package`).
    pub async fn buy_package(
        &self,
        actor: Actor,
        package: PackageId,
        provider: PaymentProvider,
    ) -> Result<PackageCheckout> {
        delegate!(self, |m| m.buy_package(&actor, package, provider))
    }

    /// The actor's package purchases, newest first (`my_purchases`).
    pub async fn my_purchases(&self, actor: Actor) -> Result<Vec<PackagePurchase>> {
        delegate!(self, |m| m.my_purchases(&actor))
    }

    /// Books a draft with one session of an active purchase instead of a payment
    /// (`book_with_package`).
    pub async fn book_with_package(
        &self,
        actor: Actor,
        booking: BookingId,
        purchase: PurchaseId,
    ) -> Result<Booking> {
        delegate!(self, |m| m.book_with_package(&actor, booking, purchase))
    }

    // --- payments ---------------------------------------------------------------------------

    /// Verifies and applies a Midtrans HTTP notification from its raw body
    /// (`handle_midtrans_notification`).
    pub async fn handle_midtrans_notification(&self, body: Vec<u8>) -> Result<PaymentOutcome> {
        delegate!(self, |m| m.handle_midtrans_notification(&body))
    }

    /// Verifies and applies a Xendit invoice callback from its raw body and
    /// `x-callback-token` header (`handle_xendit_callback`).
    pub async fn handle_xendit_callback(
        &self,
        body: Vec<u8>,
        callback_token: Option<String>,
    ) -> Result<PaymentOutcome> {
        delegate!(self, |m| m
            .handle_xendit_callback(&body, callback_token.as_deref()))
    }

    /// Applies an already verified provider notification (`apply_payment_update`).
    pub async fn apply_payment_update(&self, update: PaymentUpdate) -> Result<PaymentOutcome> {
        delegate!(self, |m| m.apply_payment_update(update))
    }

    /// An admin confirms a manual payment (`confirm_manual_payment`).
    pub async fn confirm_manual_payment(
        &self,
        actor: Actor,
        payment: PaymentId,
    ) -> Result<PaymentOutcome> {
        delegate!(self, |m| m.confirm_manual_payment(&actor, payment))
    }

    // --- ledger and withdrawals -------------------------------------------------------------

    /// Recomputes every balance from the ledger and checks every invariant (`verify_ledger`).
    pub async fn verify_ledger(&self) -> Result<LedgerReport> {
        delegate!(self, |m| m.verify_ledger())
    }

    /// A tutor asks to withdraw `amount` from their wallet (`request_withdrawal`).
    pub async fn request_withdrawal(
        &self,
        actor: Actor,
        amount: Decimal,
    ) -> Result<WithdrawalRequest> {
        delegate!(self, |m| m.request_withdrawal(&actor, amount))
    }

    /// An admin records a withdrawal as paid out (`mark_withdrawal_paid`).
    #[uniffi::method(default(reference_id = None))]
    pub async fn mark_withdrawal_paid(
        &self,
        actor: Actor,
        id: WithdrawalId,
        reference_id: Option<String>,
    ) -> Result<WithdrawalRequest> {
        delegate!(self, |m| m.mark_withdrawal_paid(&actor, id, reference_id))
    }

    /// An admin refuses a withdrawal (`reject_withdrawal`).
    #[uniffi::method(default(note = None))]
    pub async fn reject_withdrawal(
        &self,
        actor: Actor,
        id: WithdrawalId,
        note: Option<String>,
    ) -> Result<WithdrawalRequest> {
        delegate!(self, |m| m.reject_withdrawal(&actor, id, note))
    }

    // --- jobs -------------------------------------------------------------------------------

    /// Does everything that has come due by now: expiries, completions, reminders
    /// (`run_due`; a host runs it from a scheduler).
    pub async fn run_due(&self) -> Result<DueReport> {
        delegate!(self, |m| m.run_due())
    }

    // --- accounts, profiles, catalogue, reviews, chat, moderation, notifications, outbox --

    /// Signs in with an email or phone and a password (`Unauthenticated` when wrong).
    pub async fn login(&self, identifier: String, password: String) -> Result<User> {
        delegate!(self, |m| m.login(&identifier, &password))
    }

    /// Sets the actor's password (`current` required when one is set).
    pub async fn change_password(
        &self,
        actor: Actor,
        current: Option<String>,
        new_password: String,
    ) -> Result<()> {
        delegate!(self, |m| m.change_password(&actor, current, new_password))
    }

    /// Edits the actor's own account.
    pub async fn update_profile(&self, actor: Actor, changes: ProfileUpdate) -> Result<User> {
        delegate!(self, |m| m.update_profile(&actor, changes))
    }

    /// An admin suspends or reactivates a user.
    pub async fn set_user_status(
        &self,
        actor: Actor,
        user: UserId,
        status: UserStatus,
    ) -> Result<User> {
        delegate!(self, |m| m.set_user_status(&actor, user, status))
    }

    /// The actor deletes their own account (a soft delete that keeps the books).
    pub async fn delete_account(&self, actor: Actor) -> Result<User> {
        delegate!(self, |m| m.delete_account(&actor))
    }

    /// An admin deletes a user (a soft delete that keeps the books).
    pub async fn delete_user(&self, actor: Actor, user: UserId) -> Result<User> {
        delegate!(self, |m| m.delete_user(&actor, user))
    }

    /// Adds an address to the actor's account.
    pub async fn add_address(&self, actor: Actor, new: NewAddress) -> Result<UserAddress> {
        delegate!(self, |m| m.add_address(&actor, new))
    }

    /// Replaces one of the actor's addresses.
    pub async fn update_address(
        &self,
        actor: Actor,
        address: AddressId,
        new: NewAddress,
    ) -> Result<UserAddress> {
        delegate!(self, |m| m.update_address(&actor, address, new))
    }

    /// Makes one of the actor's addresses the primary one.
    pub async fn set_primary_address(
        &self,
        actor: Actor,
        address: AddressId,
    ) -> Result<UserAddress> {
        delegate!(self, |m| m.set_primary_address(&actor, address))
    }

    /// Deletes one of the actor's addresses.
    pub async fn delete_address(&self, actor: Actor, address: AddressId) -> Result<()> {
        delegate!(self, |m| m.delete_address(&actor, address))
    }

    /// The actor's addresses, the primary first.
    pub async fn list_addresses(&self, actor: Actor) -> Result<Vec<UserAddress>> {
        delegate!(self, |m| m.list_addresses(&actor))
    }

    /// A tutor profile (public when active).
    pub async fn get_tutor_profile(
        &self,
        actor: Actor,
        tutor: TutorProfileId,
    ) -> Result<TutorProfile> {
        delegate!(self, |m| m.get_tutor_profile(&actor, tutor))
    }

    /// The tutor edits their profile.
    pub async fn update_tutor_profile(
        &self,
        actor: Actor,
        changes: NewTutorProfile,
    ) -> Result<TutorProfile> {
        delegate!(self, |m| m.update_tutor_profile(&actor, changes))
    }

    /// The tutor stops taking new bookings.
    pub async fn deactivate_tutor_profile(&self, actor: Actor) -> Result<TutorProfile> {
        delegate!(self, |m| m.deactivate_tutor_profile(&actor))
    }

    /// The tutor changes one of their subjects.
    pub async fn update_tutor_subject(
        &self,
        actor: Actor,
        tutor_subject: TutorSubjectId,
        changes: TutorSubjectUpdate,
    ) -> Result<TutorSubject> {
        delegate!(self, |m| m.update_tutor_subject(
            &actor,
            tutor_subject,
            changes
        ))
    }

    /// A tutor's subjects (all for the tutor and admins, the offered ones for others).
    pub async fn list_tutor_subjects(
        &self,
        actor: Actor,
        tutor: TutorProfileId,
    ) -> Result<Vec<TutorSubject>> {
        delegate!(self, |m| m.list_tutor_subjects(&actor, tutor))
    }

    /// The tutor submits a verification document (an https link).
    pub async fn submit_document(
        &self,
        actor: Actor,
        doc_type: DocType,
        file_url: String,
    ) -> Result<TutorDocument> {
        delegate!(self, |m| m.submit_document(&actor, doc_type, file_url))
    }

    /// A tutor's documents (the tutor and admins).
    pub async fn list_documents(
        &self,
        actor: Actor,
        tutor: TutorProfileId,
    ) -> Result<Vec<TutorDocument>> {
        delegate!(self, |m| m.list_documents(&actor, tutor))
    }

    /// An admin approves or rejects a pending document.
    #[uniffi::method(default(note = None))]
    pub async fn review_document(
        &self,
        actor: Actor,
        document: DocumentId,
        approve: bool,
        note: Option<String>,
    ) -> Result<TutorDocument> {
        delegate!(self, |m| m.review_document(&actor, document, approve, note))
    }

    /// An admin renames or (de)activates a category.
    pub async fn update_category(
        &self,
        actor: Actor,
        category: CategoryId,
        name: String,
        is_active: bool,
    ) -> Result<SubjectCategory> {
        delegate!(self, |m| m
            .update_category(&actor, category, &name, is_active))
    }

    /// An admin renames, moves or (de)activates a subject.
    pub async fn update_subject(
        &self,
        actor: Actor,
        subject: SubjectId,
        name: String,
        category: Option<CategoryId>,
        is_active: bool,
    ) -> Result<Subject> {
        delegate!(self, |m| m
            .update_subject(&actor, subject, &name, category, is_active))
    }

    /// The active categories and subjects.
    pub async fn catalog(&self) -> Result<Catalog> {
        delegate!(self, |m| m.catalog())
    }

    /// Tutor search: filters, full text, availability, distance; a page and a cursor.
    pub async fn search_tutors(&self, query: TutorSearch) -> Result<SearchPage> {
        delegate!(self, |m| m.search_tutors(query))
    }

    /// An admin rewrites every tutor's search document.
    pub async fn rebuild_search_index(&self, actor: Actor) -> Result<u64> {
        delegate!(self, |m| m.rebuild_search_index(&actor))
    }

    /// The student reviews a completed lesson.
    pub async fn write_review(
        &self,
        actor: Actor,
        booking: BookingId,
        new: NewReview,
    ) -> Result<Review> {
        delegate!(self, |m| m.write_review(&actor, booking, new))
    }

    /// An admin hides, removes or restores a review.
    #[uniffi::method(default(reason = None))]
    pub async fn moderate_review(
        &self,
        actor: Actor,
        review: ReviewId,
        status: ReviewStatus,
        reason: Option<String>,
    ) -> Result<Review> {
        delegate!(self, |m| m.moderate_review(&actor, review, status, reason))
    }

    /// A tutor's published reviews, newest first.
    pub async fn tutor_reviews(
        &self,
        tutor: TutorProfileId,
        before: Option<Cursor<ReviewId>>,
        limit: i64,
    ) -> Result<Vec<Review>> {
        delegate!(self, |m| m.tutor_reviews(tutor, before, limit))
    }

    /// The student–tutor pair's conversation, created on first use.
    pub async fn open_conversation(
        &self,
        actor: Actor,
        student: UserId,
        tutor: TutorProfileId,
    ) -> Result<Conversation> {
        delegate!(self, |m| m.open_conversation(&actor, student, tutor))
    }

    /// Sends a message.
    pub async fn send_message(
        &self,
        actor: Actor,
        conversation: ConversationId,
        new: NewMessage,
    ) -> Result<Message> {
        delegate!(self, |m| m.send_message(&actor, conversation, new))
    }

    /// A conversation's history, newest first.
    pub async fn message_history(
        &self,
        actor: Actor,
        conversation: ConversationId,
        before: Option<Cursor<MessageId>>,
        limit: i64,
    ) -> Result<Vec<Message>> {
        delegate!(self, |m| m.message_history(&actor, conversation, before, limit))
    }

    /// Marks the other side's messages read up to `up_to`.
    pub async fn mark_conversation_read(
        &self,
        actor: Actor,
        conversation: ConversationId,
        up_to: MessageId,
    ) -> Result<u64> {
        delegate!(self, |m| m.mark_conversation_read(
            &actor,
            conversation,
            up_to
        ))
    }

    /// The actor's conversations with unread counts.
    pub async fn my_conversations(&self, actor: Actor) -> Result<Inbox> {
        delegate!(self, |m| m.my_conversations(&actor))
    }

    /// Blocks a conversation.
    pub async fn block_conversation(
        &self,
        actor: Actor,
        conversation: ConversationId,
    ) -> Result<Conversation> {
        delegate!(self, |m| m.block_conversation(&actor, conversation))
    }

    /// Unblocks a conversation (only the side that blocked).
    pub async fn unblock_conversation(
        &self,
        actor: Actor,
        conversation: ConversationId,
    ) -> Result<Conversation> {
        delegate!(self, |m| m.unblock_conversation(&actor, conversation))
    }

    /// Adds a tutor to the student's favorites (idempotent).
    pub async fn add_favorite(&self, actor: Actor, tutor: TutorProfileId) -> Result<Favorite> {
        delegate!(self, |m| m.add_favorite(&actor, tutor))
    }

    /// Removes a tutor from the student's favorites (idempotent).
    pub async fn remove_favorite(&self, actor: Actor, tutor: TutorProfileId) -> Result<bool> {
        delegate!(self, |m| m.remove_favorite(&actor, tutor))
    }

    /// The student's favorite tutors.
    pub async fn my_favorites(&self, actor: Actor) -> Result<Vec<FavoriteTutor>> {
        delegate!(self, |m| m.my_favorites(&actor))
    }

    /// The tutor writes a progress log for a lesson.
    pub async fn write_progress_log(
        &self,
        actor: Actor,
        booking: BookingId,
        note: ProgressNote,
    ) -> Result<ProgressLog> {
        delegate!(self, |m| m.write_progress_log(&actor, booking, note))
    }

    /// The tutor edits a progress log they wrote.
    pub async fn update_progress_log(
        &self,
        actor: Actor,
        log: ProgressLogId,
        note: ProgressNote,
    ) -> Result<ProgressLog> {
        delegate!(self, |m| m.update_progress_log(&actor, log, note))
    }

    /// A student's progress logs (theirs, or the ones the tutor wrote).
    pub async fn progress_logs(&self, actor: Actor, student: UserId) -> Result<Vec<ProgressLog>> {
        delegate!(self, |m| m.progress_logs(&actor, student))
    }

    /// Reports a user, tutor profile, review, message or booking.
    pub async fn report(&self, actor: Actor, new: NewReport) -> Result<Report> {
        delegate!(self, |m| m.report(&actor, new))
    }

    /// The moderation queue (admins).
    pub async fn list_reports(&self, actor: Actor, status: ReportStatus) -> Result<Vec<Report>> {
        delegate!(self, |m| m.list_reports(&actor, status))
    }

    /// An admin moves a report.
    pub async fn handle_report(
        &self,
        actor: Actor,
        report: ReportId,
        status: ReportStatus,
    ) -> Result<Report> {
        delegate!(self, |m| m.handle_report(&actor, report, status))
    }

    /// An admin bans a tutor (upcoming lessons cancelled with refunds).
    pub async fn ban_tutor(
        &self,
        actor: Actor,
        tutor: TutorProfileId,
        reason: String,
    ) -> Result<TutorProfile> {
        delegate!(self, |m| m.ban_tutor(&actor, tutor, reason))
    }

    /// The actor's notifications, newest first (`before`: the last one of the previous page).
    pub async fn list_notifications(
        &self,
        actor: Actor,
        before: Option<NotificationId>,
        limit: i64,
    ) -> Result<Vec<Notification>> {
        delegate!(self, |m| m.list_notifications(&actor, before, limit))
    }

    /// How many of the actor's notifications are unread.
    pub async fn unread_notification_count(&self, actor: Actor) -> Result<i64> {
        delegate!(self, |m| m.unread_notification_count(&actor))
    }

    /// Marks one notification read.
    pub async fn mark_notification_read(
        &self,
        actor: Actor,
        notification: NotificationId,
    ) -> Result<bool> {
        delegate!(self, |m| m.mark_notification_read(&actor, notification))
    }

    /// Marks all the actor's notifications read.
    pub async fn mark_all_notifications_read(&self, actor: Actor) -> Result<u64> {
        delegate!(self, |m| m.mark_all_notifications_read(&actor))
    }

    /// For the host's delivery worker: claims undelivered outbox events for a lease.
    pub async fn claim_outbox(&self, limit: i64, lease_seconds: i64) -> Result<Vec<OutboxEvent>> {
        delegate!(self, |m| m.claim_outbox(limit, lease_seconds))
    }

    /// Acknowledges delivered outbox events.
    pub async fn ack_outbox(&self, events: Vec<OutboxEventId>) -> Result<u64> {
        delegate!(self, |m| m.ack_outbox(events))
    }
}
