//! Whether a tutor can be booked: the one rule every path that offers or sells a tutor's time
//! asks — slots, search, creating and checking out a booking, booking with a package,
//! reschedules, package purchases.
//!
//! A tutor is bookable when their **account** is active (not suspended, not deleted — a ban
//! is a profile status) and their **profile** is active; an offering of theirs is bookable
//! when, besides, the offering and its subject are active. Search applies the same test in
//! SQL (`store::search`: `tp.status = 'active' AND u.status = 'active'`, active offering of
//! an active subject) so that it can filter and page in the database; its conformance tests
//! hide a suspended tutor exactly as this rule refuses one.

use crate::types::{TutorStatus, UserStatus};

/// What decides whether a tutor (and, optionally, one of their offerings) can be booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bookability {
    /// The tutor's account status.
    pub account: UserStatus,
    /// The tutor profile's status.
    pub profile: TutorStatus,
    /// For an offering: whether the tutor subject is active and whether its subject is.
    pub offering: Option<(bool, bool)>,
}

/// Why a tutor cannot be booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unbookable {
    /// The account is suspended or deleted.
    Account(UserStatus),
    /// The profile is a draft, inactive or banned.
    Profile(TutorStatus),
    /// The offering is switched off.
    Offering,
    /// The offering's subject is switched off.
    Subject,
}

/// Decides [`Bookability`]; the first reason found, account first.
pub fn check(b: Bookability) -> Result<(), Unbookable> {
    if b.account != UserStatus::Active {
        return Err(Unbookable::Account(b.account));
    }
    if b.profile != TutorStatus::Active {
        return Err(Unbookable::Profile(b.profile));
    }
    match b.offering {
        Some((false, _)) => Err(Unbookable::Offering),
        Some((true, false)) => Err(Unbookable::Subject),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn account() -> impl Strategy<Value = UserStatus> {
        prop::sample::select(UserStatus::ALL)
    }

    fn profile() -> impl Strategy<Value = TutorStatus> {
        prop::sample::select(TutorStatus::ALL)
    }

    proptest! {
        /// Bookable exactly when everything is active; a refusal names something that is not.
        #[test]
        fn bookable_iff_everything_is_active(
            account in account(),
            profile in profile(),
            offering in prop::option::of((any::<bool>(), any::<bool>())),
        ) {
            let b = Bookability { account, profile, offering };
            let all_active = account == UserStatus::Active
                && profile == TutorStatus::Active
                && offering.is_none_or(|(o, s)| o && s);
            prop_assert_eq!(check(b).is_ok(), all_active);
            match check(b) {
                Err(Unbookable::Account(a)) => prop_assert_ne!(a, UserStatus::Active),
                Err(Unbookable::Profile(p)) => prop_assert_ne!(p, TutorStatus::Active),
                Err(Unbookable::Offering) => prop_assert!(!offering.unwrap().0),
                Err(Unbookable::Subject) => prop_assert!(!offering.unwrap().1),
                Ok(()) => {}
            }
        }
    }
}
