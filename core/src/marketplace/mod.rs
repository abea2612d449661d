//! The facade: every use case of the marketplace, as one method each.
//!
//! A method checks the actor (who they are, that they may act, that the record is theirs),
//! loads what the pure rules need, lets the rules decide ([`crate::slots`],
//! [`crate::booking`], [`crate::pricing`], [`crate::ledger`]), and writes the outcome through
//! the store in ONE transaction — status change, status log, ledger movement and notifications
//! together, or nothing. Bindings expose exactly these methods.

mod addresses;
mod bookings;
mod chat;
mod favorites;
mod jobs;
mod ledger;
mod moderation;
mod notifications;
mod packages;
mod payments;
mod profiles;
mod progress;
mod reviews;
mod search;
mod trace;
mod tutors;
mod users;

pub use crate::progress::ProgressNote;
pub use crate::search::{GeoPoint, SearchPage, SearchSort, TutorSearch, TutorSummary};
pub use addresses::NewAddress;
pub use bookings::{Checkout, DisputeResolution, NewBooking};
pub use chat::{ConversationSummary, Inbox, NewMessage};
pub use jobs::DueReport;
pub use ledger::{ESCROW_WALLET, GATEWAY_WALLET, PLATFORM_WALLET, SYSTEM_USERS, movement_entries};
pub use moderation::NewReport;
pub use packages::{NewPackage, PackageCheckout};
pub use payments::{PaymentOutcome, PaymentUpdate};
pub use profiles::{Catalog, TutorSubjectUpdate};
pub use reviews::{MAX_PAGE, NewReview};
pub use tutors::{AvailabilityRule, NewTutorProfile, NewTutorSubject};
pub use users::{NewUser, ProfileUpdate};

use crate::booking::Party;
use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::policy::Policy;
use crate::store::{NotificationRepo, Store, TutorRepo, Tx, UserRepo};
use crate::types::*;
use crate::validation::text;
use chrono::{DateTime, Utc};
use std::sync::Arc;
use trace::{record, traced, use_case};
use tracing::field::Empty;

/// Secrets for verifying payment-provider notifications.
#[derive(Clone, Default)]
pub struct PaymentKeys {
    /// Midtrans server key (signs notifications).
    pub midtrans_server_key: Option<String>,
    /// Xendit callback verification token (sent in `x-callback-token`).
    pub xendit_callback_token: Option<String>,
}

impl std::fmt::Debug for PaymentKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print secrets.
        f.debug_struct("PaymentKeys")
            .field(
                "midtrans_server_key",
                &self.midtrans_server_key.as_ref().map(|_| "***"),
            )
            .field(
                "xendit_callback_token",
                &self.xendit_callback_token.as_ref().map(|_| "***"),
            )
            .finish()
    }
}

/// Who is calling: supplied by the host after it authenticated the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// The acting user.
    pub user_id: UserId,
    /// The role the host authenticated them in.
    pub role: Role,
}

impl Actor {
    /// A student.
    pub fn student(user_id: UserId) -> Self {
        Actor {
            user_id,
            role: Role::Student,
        }
    }
    /// A tutor.
    pub fn tutor(user_id: UserId) -> Self {
        Actor {
            user_id,
            role: Role::Tutor,
        }
    }
    /// An administrator.
    pub fn admin(user_id: UserId) -> Self {
        Actor {
            user_id,
            role: Role::Admin,
        }
    }
}

/// The marketplace: a store, a policy, a clock and the payment keys.
///
/// Cheap to clone; share one per process.
#[derive(Debug, Clone)]
pub struct Marketplace {
    store: Store,
    policy: Arc<Policy>,
    clock: Arc<dyn Clock>,
    keys: Arc<PaymentKeys>,
}

impl Marketplace {
    /// A marketplace over `store` with the default policy, the system clock and no payment keys.
    pub fn new(store: Store) -> Self {
        Marketplace {
            store,
            policy: Arc::new(Policy::default()),
            clock: Arc::new(SystemClock),
            keys: Arc::new(PaymentKeys::default()),
        }
    }

    /// Opens the database at `url` (migrating it) with the defaults of [`Marketplace::new`].
    ///
    /// # Errors
    /// As [`Store::open`].
    pub async fn open(url: &str) -> Result<Self> {
        let span = use_case!("open", db.system = Empty);
        traced(span, async move {
            let store = Store::open(url).await?;
            record("db.system", store.backend().as_str());
            Ok(Marketplace::new(store))
        })
        .await
    }

    /// The same marketplace with another policy.
    pub fn with_policy(mut self, policy: Policy) -> Self {
        self.policy = Arc::new(policy);
        self
    }

    /// The same marketplace with another clock (tests, simulations).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The same marketplace with payment-provider secrets.
    pub fn with_payment_keys(mut self, keys: PaymentKeys) -> Self {
        self.keys = Arc::new(keys);
        self
    }

    /// The store underneath.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The policy in force.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Now, per the marketplace's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}

/// Loads the acting user and checks they may act at all: the account exists, is active, and
/// has the role the host claims.
async fn active_user(tx: &mut Tx, actor: &Actor) -> Result<User> {
    let user = tx
        .get_user(actor.user_id)
        .await?
        .ok_or_else(|| Error::Forbidden("unknown user".into()))?;
    if user.status != UserStatus::Active {
        return Err(Error::Forbidden(format!("the account is {}", user.status)));
    }
    if user.role != actor.role {
        return Err(Error::Forbidden(format!(
            "the account is a {}, not a {}",
            user.role, actor.role
        )));
    }
    Ok(user)
}

/// Checks the actor is an active admin.
async fn admin(tx: &mut Tx, actor: &Actor) -> Result<User> {
    let user = active_user(tx, actor).await?;
    if user.role != Role::Admin {
        return Err(Error::Forbidden("only an admin may do this".into()));
    }
    Ok(user)
}

/// The actor's own tutor profile.
async fn own_tutor_profile(tx: &mut Tx, actor: &Actor) -> Result<TutorProfile> {
    let user = active_user(tx, actor).await?;
    if user.role != Role::Tutor {
        return Err(Error::Forbidden("only a tutor may do this".into()));
    }
    tx.find_tutor_profile_by_user(user.id)
        .await?
        .ok_or_else(|| Error::not_found("tutor profile", user.id))
}

/// The actor's own tutor profile, read under its row lock: for use cases that rewrite it
/// whole, so a concurrent rating or counter update is not lost.
async fn own_tutor_profile_locked(tx: &mut Tx, actor: &Actor) -> Result<TutorProfile> {
    let profile = own_tutor_profile(tx, actor).await?;
    tx.lock_tutor_profile(profile.id)
        .await?
        .ok_or_else(|| Error::not_found("tutor profile", profile.id))
}

/// Whether the (active) actor is the tutor of `tutor` or an admin: they see all of a tutor's
/// things, others only what is on offer. `not_found` for an unknown profile.
async fn owner_or_admin(tx: &mut Tx, actor: &Actor, tutor: TutorProfileId) -> Result<bool> {
    let user = active_user(tx, actor).await?;
    let profile = tx
        .get_tutor_profile(tutor)
        .await?
        .ok_or_else(|| Error::not_found("tutor profile", tutor))?;
    Ok(user.role == Role::Admin || profile.user_id == user.id)
}

/// How the actor stands towards a booking; `forbidden` when it is not theirs.
async fn party_of(tx: &mut Tx, actor: &Actor, booking: &Booking) -> Result<Party> {
    let user = active_user(tx, actor).await?;
    match user.role {
        Role::Admin => Ok(Party::Admin),
        Role::Student if booking.student_id == user.id => Ok(Party::Student),
        Role::Tutor => {
            let profile = tx.find_tutor_profile_by_user(user.id).await?;
            if profile.is_some_and(|p| p.id == booking.tutor_profile_id) {
                Ok(Party::Tutor)
            } else {
                Err(Error::Forbidden("this booking is not yours".into()))
            }
        }
        Role::Student => Err(Error::Forbidden("this booking is not yours".into())),
    }
}

/// A notification about to be written: to whom, its kind, title, message and link.
struct Note {
    user: UserId,
    kind: NotificationType,
    title: &'static str,
    message: String,
    link: Option<String>,
}

/// Writes a notification in the caller's transaction, and its outbox event for the host to
/// deliver (push, email): both or neither.
async fn notify(
    tx: &mut Tx,
    user: UserId,
    kind: NotificationType,
    title: &'static str,
    message: String,
    link: Option<String>,
    now: DateTime<Utc>,
) -> Result<()> {
    let note = Note {
        user,
        kind,
        title,
        message,
        link,
    };
    notify_all(tx, vec![note], now).await
}

/// [`notify`] for several notifications of one use case, written together.
async fn notify_all(tx: &mut Tx, notes: Vec<Note>, now: DateTime<Utc>) -> Result<()> {
    let mut notifications = Vec::with_capacity(notes.len());
    let mut events = Vec::with_capacity(notes.len());
    for note in notes {
        let n = Notification {
            id: NotificationId::new(),
            user_id: note.user,
            kind: note.kind,
            title: note.title.to_string(),
            message: note.message,
            link: note.link,
            is_read: false,
            read_at: None,
            created_at: now,
        };
        events.push(OutboxEvent {
            id: OutboxEventId::new(),
            topic: format!("notification.{}", n.kind),
            user_id: Some(n.user_id),
            payload: serde_json::json!({
                "notification_id": n.id,
                "type": n.kind,
                "title": n.title,
                "message": n.message,
                "link": n.link,
            }),
            attempts: 0,
            locked_until: None,
            delivered_at: None,
            created_at: now,
        });
        notifications.push(n);
    }
    tx.insert_notifications(&notifications, &events).await
}
