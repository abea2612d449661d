//! Users and their addresses.

use super::search::SearchStale;
use super::sql::{self, find_by, list_by};
use super::{Tx, on_tx};
use crate::error::Result;
use crate::types::*;
use async_trait::async_trait;

/// Users & addresses.
#[async_trait]
pub trait UserRepo {
    /// Inserts a user. `conflict` when the email or phone is taken.
    async fn insert_user(&mut self, user: &User) -> Result<()>;
    /// The user with this id.
    async fn get_user(&mut self, id: UserId) -> Result<Option<User>>;
    /// The user with this (already normalised) email.
    async fn find_user_by_email(&mut self, email: &str) -> Result<Option<User>>;
    /// The user with this (already normalised) phone.
    async fn find_user_by_phone(&mut self, phone: &str) -> Result<Option<User>>;
    /// Rewrites the user. `not_found` when absent.
    async fn update_user(&mut self, user: &User) -> Result<()>;
    /// Hard-deletes the user and, by cascade, everything that belongs to them.
    async fn delete_user(&mut self, id: UserId) -> Result<bool>;
    /// Users of a role, oldest first.
    async fn list_users_by_role(&mut self, role: Role) -> Result<Vec<User>>;

    /// Inserts an address.
    async fn insert_address(&mut self, address: &UserAddress) -> Result<()>;
    /// The address with this id.
    async fn get_address(&mut self, id: AddressId) -> Result<Option<UserAddress>>;
    /// A user's addresses, primary first, then oldest first.
    async fn list_addresses(&mut self, user: UserId) -> Result<Vec<UserAddress>>;
    /// Rewrites an address. `not_found` when absent.
    async fn update_address(&mut self, address: &UserAddress) -> Result<()>;
    /// Deletes an address.
    async fn delete_address(&mut self, id: AddressId) -> Result<bool>;
    /// Clears the primary flag on every address of `user` (before setting a new primary in the
    /// same transaction); returns how many rows changed.
    async fn clear_primary_address(&mut self, user: UserId) -> Result<u64>;
}

#[async_trait]
impl UserRepo for Tx {
    async fn insert_user(&mut self, user: &User) -> Result<()> {
        sql::insert(self, user).await
    }
    async fn get_user(&mut self, id: UserId) -> Result<Option<User>> {
        sql::get(self, id).await
    }
    async fn find_user_by_email(&mut self, email: &str) -> Result<Option<User>> {
        find_by(self, "SELECT * FROM users WHERE email = $1", email).await
    }
    async fn find_user_by_phone(&mut self, phone: &str) -> Result<Option<User>> {
        find_by(self, "SELECT * FROM users WHERE phone = $1", phone).await
    }
    async fn update_user(&mut self, user: &User) -> Result<()> {
        sql::update(self, user.id, user).await?;
        self.mark_search_stale(SearchStale::User(user.id));
        Ok(())
    }
    async fn delete_user(&mut self, id: UserId) -> Result<bool> {
        sql::delete::<User, _>(self, id).await
    }
    async fn list_users_by_role(&mut self, role: Role) -> Result<Vec<User>> {
        list_by(
            self,
            "SELECT * FROM users WHERE role = $1 ORDER BY created_at, id",
            role,
        )
        .await
    }

    async fn insert_address(&mut self, address: &UserAddress) -> Result<()> {
        sql::insert(self, address).await?;
        self.mark_search_stale(SearchStale::User(address.user_id));
        Ok(())
    }
    async fn get_address(&mut self, id: AddressId) -> Result<Option<UserAddress>> {
        sql::get(self, id).await
    }
    async fn list_addresses(&mut self, user: UserId) -> Result<Vec<UserAddress>> {
        list_by(
            self,
            "SELECT * FROM user_addresses WHERE user_id = $1 \
             ORDER BY is_primary DESC, created_at, id",
            user,
        )
        .await
    }
    async fn update_address(&mut self, address: &UserAddress) -> Result<()> {
        sql::update(self, address.id, address).await?;
        self.mark_search_stale(SearchStale::User(address.user_id));
        Ok(())
    }
    async fn delete_address(&mut self, id: AddressId) -> Result<bool> {
        let owner: Option<UserId> = on_tx!(self, c => {
            sqlx::query_scalar("DELETE FROM user_addresses WHERE id = $1 RETURNING user_id")
                .bind(id)
                .fetch_optional(&mut *c)
                .await?
        });
        if let Some(user) = owner {
            self.mark_search_stale(SearchStale::User(user));
        }
        Ok(owner.is_some())
    }
    async fn clear_primary_address(&mut self, user: UserId) -> Result<u64> {
        Ok(on_tx!(self, c => sqlx::query(
            "UPDATE user_addresses SET is_primary = FALSE WHERE user_id = $1 AND is_primary = TRUE",
        )
        .bind(user)
        .execute(&mut *c)
        .await?
        .rows_affected()))
    }
}
