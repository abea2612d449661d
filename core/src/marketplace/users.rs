//! Accounts: registration (the foundation needed by the lifecycle; passwords, profile edits,
//! suspension and deletion grow here).

use super::{Actor, Marketplace, active_user, text};
use crate::error::{Error, Result};
use crate::store::UserRepo;
use crate::types::*;

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
}

impl Marketplace {
    /// Registers a student or a tutor.
    ///
    /// # Errors
    /// - `validation` on `role` (admin), `full_name`, `email` or `phone` (malformed, or both
    ///   missing);
    /// - `conflict` when the email or phone is already registered.
    pub async fn register_user(&self, new: NewUser) -> Result<User> {
        if new.role == Role::Admin {
            return Err(Error::validation(
                "role",
                "admins are created by an admin (or bootstrap_admin)",
            ));
        }
        self.insert_account(new).await
    }

    /// Creates the first admin; refused once any admin exists.
    ///
    /// # Errors
    /// `forbidden` when an admin already exists; otherwise as [`Marketplace::register_user`].
    pub async fn bootstrap_admin(&self, full_name: &str, email: &str) -> Result<User> {
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
        })
        .await
    }

    /// Creates another admin.
    ///
    /// # Errors
    /// `forbidden` unless `actor` is an active admin; otherwise as
    /// [`Marketplace::register_user`].
    pub async fn create_admin(&self, actor: &Actor, full_name: &str, email: &str) -> Result<User> {
        let mut tx = self.store.begin().await?;
        super::admin(&mut tx, actor).await?;
        drop(tx);
        self.insert_account(NewUser {
            role: Role::Admin,
            full_name: full_name.into(),
            email: Some(email.into()),
            phone: None,
        })
        .await
    }

    /// The actor's own account.
    ///
    /// # Errors
    /// `forbidden` when the actor is unknown, not active or not in the claimed role.
    pub async fn me(&self, actor: &Actor) -> Result<User> {
        let mut tx = self.store.begin().await?;
        active_user(&mut tx, actor).await
    }

    /// The actor's wallet (created empty on first use).
    ///
    /// # Errors
    /// `forbidden` when the actor may not act.
    pub async fn my_wallet(&self, actor: &Actor) -> Result<Wallet> {
        let mut tx = self.store.begin().await?;
        let user = active_user(&mut tx, actor).await?;
        let wallet = super::ledger::wallet_of(&mut tx, user.id, self.now()).await?;
        tx.commit().await?;
        Ok(wallet)
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
        let now = self.now();
        let user = User {
            id: UserId::new(),
            email,
            phone,
            password_hash: None,
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
        tx.insert_user(&user).await?;
        tx.commit().await?;
        Ok(user)
    }
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
