//! A user's addresses: at most one primary (a tutor's primary address places them for
//! "near me" search).

use super::trace::{record, traced, use_case};
use super::{Actor, Marketplace, active_user, text};
use crate::error::{Error, Result};
use crate::store::{Tx, UserRepo};
use crate::types::*;
use rust_decimal::Decimal;
use tracing::field::Empty;

/// An address as the user enters it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewAddress {
    /// e.g. "Rumah", up to 100 characters.
    pub label: Option<String>,
    /// Up to 100 characters.
    pub province: Option<String>,
    /// Up to 100 characters.
    pub city: Option<String>,
    /// Up to 100 characters.
    pub district: Option<String>,
    /// Street and number, up to 1000 characters.
    pub address_detail: Option<String>,
    /// Latitude, −90…90, at most 8 decimal places; given together with `lng`.
    pub lat: Option<Decimal>,
    /// Longitude, −180…180, at most 8 decimal places; given together with `lat`.
    pub lng: Option<Decimal>,
    /// Make it the primary address (the previous primary stops being one).
    pub is_primary: bool,
}

/// Checks a coordinate: in range and no more precise than the column (NUMERIC(_, 8)), which
/// PostgreSQL would otherwise round and SQLite refuse.
pub(crate) fn check_coordinate(field: &str, value: Option<Decimal>, bound: i64) -> Result<()> {
    if let Some(v) = value {
        if !(Decimal::from(-bound)..=Decimal::from(bound)).contains(&v) {
            return Err(Error::validation(
                field,
                format!("must be between -{bound} and {bound}"),
            ));
        }
        if v.normalize().scale() > 8 {
            return Err(Error::validation(field, "has more than 8 decimal places"));
        }
    }
    Ok(())
}

fn fill(a: &mut UserAddress, new: NewAddress) -> Result<bool> {
    check_coordinate("lat", new.lat, 90)?;
    check_coordinate("lng", new.lng, 180)?;
    if new.lat.is_some() != new.lng.is_some() {
        return Err(Error::validation("lng", "lat and lng go together"));
    }
    a.label = text("label", new.label, 100)?;
    a.province = text("province", new.province, 100)?;
    a.city = text("city", new.city, 100)?;
    a.district = text("district", new.district, 100)?;
    a.address_detail = text("address_detail", new.address_detail, 1000)?;
    a.lat = new.lat.map(|v| v.normalize());
    a.lng = new.lng.map(|v| v.normalize());
    Ok(new.is_primary)
}

impl Marketplace {
    /// Adds an address to the actor's account.
    ///
    /// # Errors
    /// `forbidden` when the actor may not act; `validation` on `label`, `province`, `city`,
    /// `district`, `address_detail`, `lat` or `lng` (range, precision, or one without the
    /// other); `conflict` if another primary was set concurrently.
    pub async fn add_address(&self, actor: &Actor, new: NewAddress) -> Result<UserAddress> {
        let span = use_case!("add_address", actor, address.id = Empty);
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let user = active_user(&mut tx, actor).await?;
            let mut a = UserAddress {
                id: AddressId::new(),
                user_id: user.id,
                label: None,
                province: None,
                city: None,
                district: None,
                address_detail: None,
                lat: None,
                lng: None,
                is_primary: false,
                created_at: now,
                updated_at: now,
            };
            let primary = fill(&mut a, new)?;
            if primary {
                tx.clear_primary_address(user.id).await?;
                a.is_primary = true;
            }
            record("address.id", a.id);
            tx.insert_address(&a).await?;
            tx.commit().await?;
            Ok(a)
        })
        .await
    }

    /// Replaces one of the actor's addresses. `is_primary: false` on the primary address
    /// leaves the user without one.
    ///
    /// # Errors
    /// As [`Marketplace::add_address`]; `not_found` when it is not the actor's address.
    pub async fn update_address(
        &self,
        actor: &Actor,
        address: AddressId,
        new: NewAddress,
    ) -> Result<UserAddress> {
        let span = use_case!("update_address", actor, address.id = %address);
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let mut a = own_address(&mut tx, actor, address).await?;
            let primary = fill(&mut a, new)?;
            if primary && !a.is_primary {
                tx.clear_primary_address(a.user_id).await?;
            }
            a.is_primary = primary;
            a.updated_at = now;
            tx.update_address(&a).await?;
            tx.commit().await?;
            Ok(a)
        })
        .await
    }

    /// Makes one of the actor's addresses the primary one (the old primary stops being one,
    /// in the same transaction).
    ///
    /// # Errors
    /// `forbidden` when the actor may not act; `not_found` when it is not the actor's
    /// address; `conflict` if another primary was set concurrently.
    pub async fn set_primary_address(
        &self,
        actor: &Actor,
        address: AddressId,
    ) -> Result<UserAddress> {
        let span = use_case!("set_primary_address", actor, address.id = %address);
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let mut a = own_address(&mut tx, actor, address).await?;
            if !a.is_primary {
                tx.clear_primary_address(a.user_id).await?;
                a.is_primary = true;
                a.updated_at = now;
                tx.update_address(&a).await?;
            }
            tx.commit().await?;
            Ok(a)
        })
        .await
    }

    /// Deletes one of the actor's addresses.
    ///
    /// # Errors
    /// `forbidden` when the actor may not act; `not_found` when it is not the actor's.
    pub async fn delete_address(&self, actor: &Actor, address: AddressId) -> Result<()> {
        let span = use_case!("delete_address", actor, address.id = %address);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let a = own_address(&mut tx, actor, address).await?;
            tx.delete_address(a.id).await?;
            tx.commit().await
        })
        .await
    }

    /// The actor's addresses, the primary first.
    ///
    /// # Errors
    /// `forbidden` when the actor may not act.
    pub async fn list_addresses(&self, actor: &Actor) -> Result<Vec<UserAddress>> {
        let span = use_case!("list_addresses", actor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let user = active_user(&mut tx, actor).await?;
            let mut all = tx.list_addresses(user.id).await?;
            all.sort_by_key(|a| !a.is_primary);
            Ok(all)
        })
        .await
    }
}

async fn own_address(tx: &mut Tx, actor: &Actor, id: AddressId) -> Result<UserAddress> {
    let user = active_user(tx, actor).await?;
    tx.get_address(id)
        .await?
        .filter(|a| a.user_id == user.id)
        .ok_or_else(|| Error::not_found("address", id))
}
