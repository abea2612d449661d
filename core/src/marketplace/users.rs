//! Accounts: registration, signing in (argon2id, see [`crate::password`]), profile edits,
//! suspension by admins, and deletion that keeps the books.
//!
//! Records returned to callers never carry the password hash.

use super::trace::{record, traced, use_case};
use super::{Actor, Marketplace, active_user, text};
use crate::error::{Error, Result};
use crate::password;
use crate::store::{TutorRepo, UserRepo};
use crate::types::*;
use crate::validation::https_url;
use chrono::NaiveDate;
use tracing::field::Empty;

/// A new account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    /// `student` or `tutor` (admins are made with [`Marketplace::bootstrap_admin`]).
    pub role: Role,
    /// Display name, 1–255 characters.
    pub full_name: String,
    /// Email; trimmed and lower-cased. At least one of email and phone is required.
    pub email: Option<String>,
    /// Phone; normalised to E.164, Indonesian numbers like `0812…` becoming `+62812…`.
    pub phone: Option<String>,
    /// Password, 8–128 characters, stored as an argon2id hash; `None` for an account that
    /// signs in another way (the host's SSO or OTP).
    pub password: Option<String>,
}

/// Changes to the actor's own account. `None` leaves a field as it is; an empty string
/// clears an optional one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileUpdate {
    /// Display name, 1–255 characters.
    pub full_name: Option<String>,
    /// Email (normalised; must stay unique).
    pub email: Option<String>,
    /// Phone (normalised to E.164; must stay unique).
    pub phone: Option<String>,
    /// Avatar image, an `https://` URL.
    pub avatar_url: Option<String>,
    /// Free text, up to 20 characters.
    pub gender: Option<String>,
    /// Date of birth, in the past.
    pub birthdate: Option<NaiveDate>,
}

impl Marketplace {
    /// Registers a student or a tutor.
    ///
    /// # Errors
    /// - `validation` on `role` (admin), `full_name`, `email` or `phone` (malformed, or both
    ///   missing);
    /// - `conflict` when the email or phone is already registered.
    pub async fn register_user(&self, new: NewUser) -> Result<User> {
        let span = use_case!("register_user", user.role = %new.role, user.id = Empty);
        traced(span, async move {
            if new.role == Role::Admin {
                return Err(Error::validation(
                    "role",
                    "admins are created by an admin (or bootstrap_admin)",
                ));
            }
            self.insert_account(new).await.map(without_secret)
        })
        .await
    }

    /// Signs in with an email or phone and a password, and records `last_login_at`.
    ///
    /// # Errors
    /// `unauthenticated` for an unknown account, an account without a password or a wrong
    /// password — the same answer, after the same work, so callers cannot probe accounts;
    /// `forbidden` when the password is right but the account is suspended or deleted.
    pub async fn login(&self, identifier: &str, password: &str) -> Result<User> {
        let span = use_case!("login", user.id = Empty);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let user = if identifier.contains('@') {
                match normalize_email(identifier) {
                    Ok(e) => tx.find_user_by_email(&e).await?,
                    Err(_) => None,
                }
            } else {
                match normalize_phone(identifier) {
                    Ok(p) => tx.find_user_by_phone(&p).await?,
                    Err(_) => None,
                }
            };
            let stored = user.as_ref().and_then(|u| u.password_hash.as_deref());
            if !password::verify_or_dummy(password, stored) {
                return Err(Error::Unauthenticated(
                    "wrong email/phone or password".into(),
                ));
            }
            let mut user = user.expect("a verified password has an account");
            if user.status != UserStatus::Active {
                return Err(Error::Forbidden(format!("the account is {}", user.status)));
            }
            record("user.id", user.id);
            user.last_login_at = Some(self.now());
            user.updated_at = self.now();
            tx.update_user(&user).await?;
            tx.commit().await?;
            Ok(without_secret(user))
        })
        .await
    }

    /// Sets the actor's password. An account that has one must give it as `current`.
    ///
    /// # Errors
    /// `forbidden` when the actor may not act; `unauthenticated` when `current` is missing or
    /// wrong; `validation` on `new_password` (8–128 characters).
    pub async fn change_password(
        &self,
        actor: &Actor,
        current: Option<String>,
        new_password: String,
    ) -> Result<()> {
        let span = use_case!("change_password", actor);
        traced(span, async move {
            password::check("new_password", &new_password)?;
            let mut tx = self.store.begin().await?;
            let mut user = active_user(&mut tx, actor).await?;
            if let Some(stored) = user.password_hash.as_deref()
                && !current.is_some_and(|c| password::verify(&c, stored))
            {
                return Err(Error::Unauthenticated(
                    "the current password is wrong".into(),
                ));
            }
            user.password_hash = Some(password::hash(&new_password)?);
            user.updated_at = self.now();
            tx.update_user(&user).await?;
            tx.commit().await
        })
        .await
    }

    /// Edits the actor's own account.
    ///
    /// # Errors
    /// `forbidden` when the actor may not act; `validation` on `full_name`, `email`, `phone`
    /// (malformed, or clearing the last of the two), `avatar_url`, `gender` or `birthdate`;
    /// `conflict` when the new email or phone belongs to another account.
    pub async fn update_profile(&self, actor: &Actor, changes: ProfileUpdate) -> Result<User> {
        let span = use_case!("update_profile", actor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let mut user = active_user(&mut tx, actor).await?;
            if let Some(name) = changes.full_name {
                user.full_name = text("full_name", Some(name), 255)?
                    .ok_or_else(|| Error::validation("full_name", "is required"))?;
            }
            if let Some(e) = changes.email {
                user.email = text("email", Some(e), 255)?
                    .map(|e| normalize_email(&e))
                    .transpose()?;
            }
            if let Some(p) = changes.phone {
                user.phone = text("phone", Some(p), 30)?
                    .map(|p| normalize_phone(&p))
                    .transpose()?;
            }
            if user.email.is_none() && user.phone.is_none() {
                return Err(Error::validation(
                    "email",
                    "an email or a phone is required",
                ));
            }
            if let Some(url) = changes.avatar_url {
                user.avatar_url = https_url("avatar_url", Some(url))?;
            }
            if let Some(g) = changes.gender {
                user.gender = text("gender", Some(g), 20)?;
            }
            if let Some(b) = changes.birthdate {
                if b >= self.now().date_naive() {
                    return Err(Error::validation("birthdate", "must be in the past"));
                }
                user.birthdate = Some(b);
            }
            user.updated_at = self.now();
            tx.update_user(&user).await?;
            tx.commit().await?;
            Ok(without_secret(user))
        })
        .await
    }

    /// An admin suspends (`suspended`) or reactivates (`active`) a user. A suspended user
    /// cannot act or sign in. A suspended tutor is not bookable ([`crate::bookable`]): their
    /// slots, search listing, checkout, package sales and reschedules stop at once, and their
    /// lessons that have not started are cancelled as an admin would (paid ones refunded in
    /// full, unpaid payments voided, students notified) — a tutor who cannot sign in cannot
    /// teach, and a student must not wait on a lesson that may not happen. Reactivation
    /// reopens the calendar for new bookings; cancelled lessons stay cancelled. Active
    /// package purchases stay active (their unallocated rest is refunded at expiry). A
    /// suspended student's bookings stay as they are.
    ///
    /// # Errors
    /// `forbidden` unless an active admin, or for the admin's own account or a system
    /// account; `not_found` for an unknown user; `validation` on `status` (`deleted` is
    /// [`Marketplace::delete_user`]'s); `invalid_transition` for a deleted user.
    pub async fn set_user_status(
        &self,
        actor: &Actor,
        user: UserId,
        status: UserStatus,
    ) -> Result<User> {
        let span = use_case!("set_user_status", actor, user.id = %user, user.status = %status);
        traced(span, async move {
            if status == UserStatus::Deleted {
                return Err(Error::validation("status", "use delete_user to delete"));
            }
            let mut tx = self.store.begin().await?;
            let admin = super::admin(&mut tx, actor).await?;
            let mut u = managed_user(&mut tx, &admin, user).await?;
            if u.status == UserStatus::Deleted {
                return Err(Error::InvalidTransition {
                    from: u.status.to_string(),
                    event: format!("set status {status}"),
                });
            }
            let now = self.now();
            // A tutor who cannot sign in cannot teach: their lessons that have not started go.
            if status == UserStatus::Suspended
                && u.status != UserStatus::Suspended
                && let Some(profile) = tx.find_tutor_profile_by_user(u.id).await?
            {
                self.cancel_upcoming_lessons(
                    &mut tx,
                    &profile,
                    "the tutor's account is suspended",
                    now,
                )
                .await?;
            }
            u.status = status;
            u.updated_at = now;
            tx.update_user(&u).await?;
            tx.commit().await?;
            Ok(without_secret(u))
        })
        .await
    }

    /// The actor deletes their own account (see [`Marketplace::delete_user`]).
    ///
    /// # Errors
    /// `forbidden` when the actor may not act.
    pub async fn delete_account(&self, actor: &Actor) -> Result<User> {
        let span = use_case!("delete_account", actor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let user = active_user(&mut tx, actor).await?;
            let deleted = self.erase(&mut tx, user).await?;
            tx.commit().await?;
            Ok(deleted)
        })
        .await
    }

    /// An admin deletes a user: a soft delete (`status = deleted`, `deleted_at` set) that
    /// clears the personal fields (email, phone, password, avatar, gender, birthdate,
    /// addresses; the name becomes "Deleted user") and keeps bookings, payments, reviews
    /// and the ledger intact. A tutor's profile goes inactive and their upcoming lessons are
    /// cancelled with full refunds.
    ///
    /// # Errors
    /// `forbidden` unless an active admin, or for the admin's own account or a system
    /// account; `not_found` for an unknown user; `invalid_transition` when already deleted.
    pub async fn delete_user(&self, actor: &Actor, user: UserId) -> Result<User> {
        let span = use_case!("delete_user", actor, user.id = %user);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let admin = super::admin(&mut tx, actor).await?;
            let u = managed_user(&mut tx, &admin, user).await?;
            if u.status == UserStatus::Deleted {
                return Err(Error::InvalidTransition {
                    from: u.status.to_string(),
                    event: "delete".into(),
                });
            }
            let deleted = self.erase(&mut tx, u).await?;
            tx.commit().await?;
            Ok(deleted)
        })
        .await
    }

    async fn erase(&self, tx: &mut crate::store::Tx, mut u: User) -> Result<User> {
        let now = self.now();
        if let Some(found) = tx.find_tutor_profile_by_user(u.id).await? {
            let mut profile = tx.lock_tutor_profile(found.id).await?.unwrap_or(found);
            self.cancel_upcoming_lessons(tx, &profile, "the tutor left Blajarplus", now)
                .await?;
            if profile.status != TutorStatus::Banned {
                profile.status = TutorStatus::Inactive;
            }
            profile.updated_at = now;
            tx.update_tutor_profile(&profile).await?;
        }
        for a in tx.list_addresses(u.id).await? {
            tx.delete_address(a.id).await?;
        }
        u.email = None;
        u.phone = None;
        u.password_hash = None;
        u.avatar_url = None;
        u.gender = None;
        u.birthdate = None;
        u.full_name = "Deleted user".into();
        u.status = UserStatus::Deleted;
        u.deleted_at = Some(now);
        u.updated_at = now;
        tx.update_user(&u).await?;
        Ok(u)
    }

    /// Creates the first admin; refused once any admin exists.
    ///
    /// # Errors
    /// `forbidden` when an admin already exists; otherwise as [`Marketplace::register_user`].
    pub async fn bootstrap_admin(&self, full_name: &str, email: &str) -> Result<User> {
        let span = use_case!("bootstrap_admin", user.id = Empty);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let humans = tx
                .list_users_by_role(Role::Admin)
                .await?
                .into_iter()
                .filter(|u| u.status == UserStatus::Active)
                .count();
            drop(tx);
            if humans > 0 {
                return Err(Error::Forbidden("an admin already exists".into()));
            }
            self.insert_account(NewUser {
                role: Role::Admin,
                full_name: full_name.into(),
                email: Some(email.into()),
                phone: None,
                password: None,
            })
            .await
            .map(without_secret)
        })
        .await
    }

    /// Creates another admin.
    ///
    /// # Errors
    /// `forbidden` unless `actor` is an active admin; otherwise as
    /// [`Marketplace::register_user`].
    pub async fn create_admin(&self, actor: &Actor, full_name: &str, email: &str) -> Result<User> {
        let span = use_case!("create_admin", actor, user.id = Empty);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            super::admin(&mut tx, actor).await?;
            drop(tx);
            self.insert_account(NewUser {
                role: Role::Admin,
                full_name: full_name.into(),
                email: Some(email.into()),
                phone: None,
                password: None,
            })
            .await
            .map(without_secret)
        })
        .await
    }

    /// The actor's own account.
    ///
    /// # Errors
    /// `forbidden` when the actor is unknown, not active or not in the claimed role.
    pub async fn me(&self, actor: &Actor) -> Result<User> {
        let span = use_case!("me", actor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            active_user(&mut tx, actor).await.map(without_secret)
        })
        .await
    }

    /// The actor's wallet (created empty on first use; concurrent first uses all get the
    /// same wallet).
    ///
    /// # Errors
    /// `forbidden` when the actor may not act.
    pub async fn my_wallet(&self, actor: &Actor) -> Result<Wallet> {
        let span = use_case!("my_wallet", actor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let user = active_user(&mut tx, actor).await?;
            let wallet = super::ledger::wallet_of(&mut tx, user.id, self.now()).await?;
            tx.commit().await?;
            Ok(wallet)
        })
        .await
    }

    async fn insert_account(&self, new: NewUser) -> Result<User> {
        let full_name = text("full_name", Some(new.full_name), 255)?
            .ok_or_else(|| Error::validation("full_name", "is required"))?;
        let email = new.email.map(|e| normalize_email(&e)).transpose()?;
        let phone = new.phone.map(|p| normalize_phone(&p)).transpose()?;
        if email.is_none() && phone.is_none() {
            return Err(Error::validation(
                "email",
                "an email or a phone is required",
            ));
        }
        let password_hash = match new.password {
            Some(p) => {
                password::check("password", &p)?;
                Some(password::hash(&p)?)
            }
            None => None,
        };
        let now = self.now();
        let user = User {
            id: UserId::new(),
            email,
            phone,
            password_hash,
            full_name,
            avatar_url: None,
            gender: None,
            birthdate: None,
            role: new.role,
            status: UserStatus::Active,
            last_login_at: None,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        };
        let mut tx = self.store.begin().await?;
        record("user.id", user.id);
        tx.insert_user(&user).await?;
        tx.commit().await?;
        Ok(user)
    }
}

/// The record as callers may see it: never the password hash.
fn without_secret(mut u: User) -> User {
    u.password_hash = None;
    u
}

/// A user an admin may manage: not themselves, not a system account.
async fn managed_user(tx: &mut crate::store::Tx, admin: &User, id: UserId) -> Result<User> {
    if id == admin.id {
        return Err(Error::Forbidden(
            "admins cannot change their own account here".into(),
        ));
    }
    if super::SYSTEM_USERS.contains(&id) {
        return Err(Error::Forbidden("system accounts cannot be changed".into()));
    }
    tx.get_user(id)
        .await?
        .ok_or_else(|| Error::not_found("user", id))
}

/// Trimmed, lower-cased, and shaped like `local@domain.tld`.
pub(crate) fn normalize_email(raw: &str) -> Result<String> {
    let e = raw.trim().to_lowercase();
    let ok = e.len() <= 255
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.chars().any(char::is_whitespace)
        });
    if ok {
        Ok(e)
    } else {
        Err(Error::validation(
            "email",
            format!("{raw:?} is not an email address"),
        ))
    }
}

/// E.164: `+` and 8–15 digits. Indonesian local forms (`0812…`, `62812…`) get `+62`.
pub(crate) fn normalize_phone(raw: &str) -> Result<String> {
    let compact: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
        .collect();
    let digits = if let Some(rest) = compact.strip_prefix('+') {
        rest.to_string()
    } else if let Some(rest) = compact.strip_prefix('0') {
        format!("62{rest}")
    } else {
        compact.clone()
    };
    if (8..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0')
    {
        Ok(format!("+{digits}"))
    } else {
        Err(Error::validation(
            "phone",
            format!("{raw:?} is not a phone number"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_are_normalised() {
        assert_eq!(
            normalize_email("  Budi@Example.ID ").unwrap(),
            "budi@example.id"
        );
        assert!(normalize_email("budi@example").is_err());
        assert!(normalize_email("bu di@example.id").is_err());
        assert_eq!(normalize_phone("0812-3456-7890").unwrap(), "+6281234567890");
        assert_eq!(
            normalize_phone("62 812 3456 7890").unwrap(),
            "+6281234567890"
        );
        assert_eq!(
            normalize_phone("+1 (415) 555-0100").unwrap(),
            "+14155550100"
        );
        assert_eq!(normalize_phone("08ab").unwrap_err().field(), Some("phone"));
    }
}
