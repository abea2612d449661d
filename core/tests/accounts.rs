//! Accounts and addresses through the facade, on SQLite and PostgreSQL: passwords, sign-in,
//! profile edits, suspension, deletion that keeps the books, one primary address.

mod support;

use blajarplus::marketplace::*;
use blajarplus::store::*;
use blajarplus::types::*;
use blajarplus::{Actor, Marketplace};
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;
use support::market::*;

async fn siti(m: &Marketplace, password: Option<&str>) -> User {
    m.register_user(NewUser {
        role: Role::Student,
        full_name: "Siti Rahma".into(),
        email: Some(" Siti@Example.ID ".into()),
        phone: Some("0813 1111 2222".into()),
        password: password.map(str::to_owned),
    })
    .await
    .unwrap()
}

async fn user_count(m: &Marketplace) -> usize {
    let mut tx = m.store().begin().await.unwrap();
    let mut n = 0;
    for r in [Role::Student, Role::Tutor, Role::Admin] {
        n += tx.list_users_by_role(r).await.unwrap().len();
    }
    n
}

async fn stored(m: &Marketplace, id: UserId) -> User {
    let mut tx = m.store().begin().await.unwrap();
    tx.get_user(id).await.unwrap().unwrap()
}

async fn passwords_and_sign_in(store: Store) {
    let w = world(store).await;
    let u = siti(&w.m, Some("rahasia-siti")).await;
    assert_eq!(u.password_hash, None, "records never carry the hash");
    let hash = stored(&w.m, u.id).await.password_hash.unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");

    // By email or phone, in any of their accepted forms.
    let by_email = w.m.login("SITI@example.id", "rahasia-siti").await.unwrap();
    assert_eq!(by_email.id, u.id);
    assert_eq!(by_email.last_login_at, Some(start_now()));
    assert_eq!(by_email.password_hash, None);
    let by_phone =
        w.m.login("+62 813-1111-2222", "rahasia-siti")
            .await
            .unwrap();
    assert_eq!(by_phone.id, u.id);
    assert_eq!(stored(&w.m, u.id).await.last_login_at, Some(start_now()));

    // A wrong password and an unknown account get the same answer.
    let wrong =
        w.m.login("siti@example.id", "rahasia-situ")
            .await
            .unwrap_err();
    let unknown =
        w.m.login("nobody@example.id", "rahasia-siti")
            .await
            .unwrap_err();
    let garbage = w.m.login("not an address", "x").await.unwrap_err();
    assert_eq!(wrong.code(), "unauthenticated");
    assert_eq!(wrong, unknown);
    assert_eq!(wrong, garbage);
    // An account without a password cannot sign in with one.
    let budi = w.m.me(&w.student).await.unwrap();
    assert_eq!(
        w.m.login(budi.email.as_deref().unwrap(), "anything-at-all")
            .await
            .unwrap_err(),
        wrong
    );

    // Bad passwords are refused and nothing is written.
    let before = user_count(&w.m).await;
    let err =
        w.m.register_user(NewUser {
            role: Role::Student,
            full_name: "Dewi".into(),
            email: Some("dewi@example.id".into()),
            phone: None,
            password: Some("short".into()),
        })
        .await
        .unwrap_err();
    assert_eq!((err.code(), err.field()), ("validation", Some("password")));
    assert_eq!(user_count(&w.m).await, before);

    // Changing it needs the current one; an account without one just sets it.
    let siti = Actor::student(u.id);
    let err =
        w.m.change_password(&siti, Some("nope-nope".into()), "baru-sekali".into())
            .await
            .unwrap_err();
    assert_eq!(err.code(), "unauthenticated");
    assert_eq!(
        w.m.change_password(&siti, None, "baru-sekali".into())
            .await
            .unwrap_err()
            .code(),
        "unauthenticated"
    );
    let err =
        w.m.change_password(&siti, Some("rahasia-siti".into()), "pendek".into())
            .await
            .unwrap_err();
    assert_eq!(err.field(), Some("new_password"));
    assert_eq!(stored(&w.m, u.id).await.password_hash.unwrap(), hash);
    w.m.change_password(&siti, Some("rahasia-siti".into()), "baru-sekali".into())
        .await
        .unwrap();
    assert!(w.m.login("siti@example.id", "rahasia-siti").await.is_err());
    w.m.login("siti@example.id", "baru-sekali").await.unwrap();
    w.m.change_password(&w.admin, None, "admin-kuat-123".into())
        .await
        .unwrap();
    w.m.login("admin@blajarplus.id", "admin-kuat-123")
        .await
        .unwrap();
}

async fn profile_edits(store: Store) {
    let w = world(store).await;
    let u = siti(&w.m, None).await;
    let siti = Actor::student(u.id);
    let edited =
        w.m.update_profile(
            &siti,
            ProfileUpdate {
                full_name: Some("  Siti R.  ".into()),
                email: Some("SITI.R@Example.ID".into()),
                avatar_url: Some("https://cdn.example/siti.png".into()),
                gender: Some("female".into()),
                birthdate: NaiveDate::from_ymd_opt(2008, 5, 17),
                ..ProfileUpdate::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(edited.full_name, "Siti R.");
    assert_eq!(edited.email.as_deref(), Some("siti.r@example.id"));
    assert_eq!(edited.phone.as_deref(), Some("+6281311112222"));
    assert_eq!(stored(&w.m, u.id).await, edited);

    // Bad edits are refused whole: nothing of them is written.
    let budi_email = w.m.me(&w.student).await.unwrap().email;
    for (changes, code, field) in [
        (
            ProfileUpdate {
                full_name: Some("Siti X".into()),
                email: budi_email.clone(),
                ..ProfileUpdate::default()
            },
            "conflict",
            None,
        ),
        (
            ProfileUpdate {
                email: Some(String::new()),
                phone: Some(" ".into()),
                ..ProfileUpdate::default()
            },
            "validation",
            Some("email"),
        ),
        (
            ProfileUpdate {
                full_name: Some("Siti X".into()),
                avatar_url: Some("http://cdn.example/x.png".into()),
                ..ProfileUpdate::default()
            },
            "validation",
            Some("avatar_url"),
        ),
        (
            ProfileUpdate {
                birthdate: Some(start_now().date_naive() + Duration::days(1)),
                ..ProfileUpdate::default()
            },
            "validation",
            Some("birthdate"),
        ),
        (
            ProfileUpdate {
                phone: Some("12".into()),
                ..ProfileUpdate::default()
            },
            "validation",
            Some("phone"),
        ),
    ] {
        let err = w.m.update_profile(&siti, changes).await.unwrap_err();
        assert_eq!((err.code(), err.field()), (code, field), "{err}");
        assert_eq!(stored(&w.m, u.id).await, edited);
    }
    // Clearing one contact is fine while the other remains.
    let no_phone =
        w.m.update_profile(
            &siti,
            ProfileUpdate {
                phone: Some(String::new()),
                ..ProfileUpdate::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(no_phone.phone, None);
}

async fn suspension(store: Store) {
    let w = world(store).await;
    let u = siti(&w.m, Some("rahasia-siti")).await;
    let siti = Actor::student(u.id);
    // Only admins; never themselves, a system account, or to `deleted`.
    assert_eq!(
        w.m.set_user_status(&w.tutor, u.id, UserStatus::Suspended)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    assert_eq!(
        w.m.set_user_status(&w.admin, w.admin.user_id, UserStatus::Suspended)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    assert_eq!(
        w.m.set_user_status(&w.admin, SYSTEM_USERS[1], UserStatus::Active)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    assert_eq!(
        w.m.set_user_status(&w.admin, u.id, UserStatus::Deleted)
            .await
            .unwrap_err()
            .field(),
        Some("status")
    );
    assert_eq!(
        w.m.set_user_status(&w.admin, UserId::new(), UserStatus::Suspended)
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert_eq!(stored(&w.m, u.id).await.status, UserStatus::Active);

    let s =
        w.m.set_user_status(&w.admin, u.id, UserStatus::Suspended)
            .await
            .unwrap();
    assert_eq!(s.status, UserStatus::Suspended);
    assert_eq!(w.m.me(&siti).await.unwrap_err().code(), "forbidden");
    assert_eq!(
        w.m.create_booking(&siti, online(w.teaches.id, monday_16()))
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    // The right password on a suspended account: told so, not "wrong password".
    assert_eq!(
        w.m.login("siti@example.id", "rahasia-siti")
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    w.m.set_user_status(&w.admin, u.id, UserStatus::Active)
        .await
        .unwrap();
    w.m.me(&siti).await.unwrap();
}

async fn deletion_keeps_the_books(store: Store) {
    let w = world(store).await;
    // A student with a finished, paid lesson deletes their account.
    let done = paid_booking(&w, monday_16()).await;
    w.clock.set(monday_16() + Duration::hours(2));
    w.m.confirm_lesson(&w.student, done.id).await.unwrap();
    w.m.add_address(
        &w.student,
        NewAddress {
            city: Some("Bandung".into()),
            ..NewAddress::default()
        },
    )
    .await
    .unwrap();
    let gone = w.m.delete_account(&w.student).await.unwrap();
    assert_eq!(gone.status, UserStatus::Deleted);
    assert_eq!(gone.full_name, "Deleted user");
    assert_eq!((gone.email, gone.phone), (None, None));
    assert_eq!(gone.deleted_at, Some(monday_16() + Duration::hours(2)));
    assert_eq!(w.m.me(&w.student).await.unwrap_err().code(), "forbidden");
    let mut tx = w.m.store().begin().await.unwrap();
    assert!(tx.list_addresses(gone.id).await.unwrap().is_empty());
    drop(tx);
    // The booking, its payment and the ledger are untouched.
    let b = w.m.get_booking(&w.admin, done.id).await.unwrap();
    assert_eq!(b.status, BookingStatus::Completed);
    let r = w.m.verify_ledger().await.unwrap();
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!(
        w.m.delete_user(&w.admin, gone.id).await.unwrap_err().code(),
        "invalid_transition"
    );
    // The freed email can be registered again.
    w.m.register_user(NewUser {
        role: Role::Student,
        full_name: "Budi baru".into(),
        email: Some("budi@example.id".into()),
        phone: None,
        password: None,
    })
    .await
    .unwrap();

    // An admin deletes a tutor: their upcoming paid lesson is cancelled and refunded.
    let student =
        w.m.register_user(NewUser {
            role: Role::Student,
            full_name: "Dewi".into(),
            email: Some("dewi@example.id".into()),
            phone: None,
            password: None,
        })
        .await
        .unwrap();
    let w2 = World {
        student: Actor::student(student.id),
        ..w
    };
    let upcoming = paid_booking(&w2, monday_16() + Duration::days(1)).await;
    assert_eq!(
        w2.m.delete_user(&w2.student, w2.tutor.user_id)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    w2.m.delete_user(&w2.admin, w2.tutor.user_id).await.unwrap();
    let b = w2.m.get_booking(&w2.admin, upcoming.id).await.unwrap();
    assert_eq!(b.status, BookingStatus::Cancelled);
    assert_eq!(b.cancelled_by, Some(CancelledBy::Admin));
    let mut tx = w2.m.store().begin().await.unwrap();
    let p = tx.get_tutor_profile(w2.profile.id).await.unwrap().unwrap();
    assert_eq!(p.status, TutorStatus::Inactive);
    drop(tx);
    let r = w2.m.verify_ledger().await.unwrap();
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!(r.escrow, Decimal::ZERO);
}

fn home(city: &str, primary: bool) -> NewAddress {
    NewAddress {
        label: Some("Rumah".into()),
        province: Some("Jawa Barat".into()),
        city: Some(city.into()),
        district: Some("Coblong".into()),
        address_detail: Some("Jl. Ganesha No. 10".into()),
        lat: Some("-6.89148".parse().unwrap()),
        lng: Some("107.61066".parse().unwrap()),
        is_primary: primary,
    }
}

async fn addresses_with_one_primary(store: Store) {
    let w = world(store).await;
    let a =
        w.m.add_address(&w.student, home("Bandung", true))
            .await
            .unwrap();
    assert!(a.is_primary);
    let b =
        w.m.add_address(&w.student, home("Jakarta", true))
            .await
            .unwrap();
    let list = w.m.list_addresses(&w.student).await.unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].id, b.id, "the primary first");
    assert!(!list[1].is_primary);
    let a = w.m.set_primary_address(&w.student, a.id).await.unwrap();
    assert!(a.is_primary);
    let list = w.m.list_addresses(&w.student).await.unwrap();
    assert_eq!(list.iter().filter(|x| x.is_primary).count(), 1);
    assert_eq!(list[0].id, a.id);
    let b =
        w.m.update_address(&w.student, b.id, home("Depok", false))
            .await
            .unwrap();
    assert_eq!(b.city.as_deref(), Some("Depok"));

    // Someone else's address does not exist for them.
    assert_eq!(
        w.m.delete_address(&w.tutor, a.id).await.unwrap_err().code(),
        "not_found"
    );
    assert_eq!(
        w.m.set_primary_address(&w.tutor, b.id)
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    // Bad coordinates: out of range, too precise, one without the other.
    for (new, field) in [
        (
            NewAddress {
                lat: Some(Decimal::from(91)),
                ..home("X", false)
            },
            "lat",
        ),
        (
            NewAddress {
                lng: Some("106.123456789".parse().unwrap()),
                ..home("X", false)
            },
            "lng",
        ),
        (
            NewAddress {
                lng: None,
                ..home("X", false)
            },
            "lng",
        ),
        (
            NewAddress {
                city: Some("x".repeat(101)),
                ..home("X", false)
            },
            "city",
        ),
    ] {
        let err = w.m.add_address(&w.student, new).await.unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
    }
    assert_eq!(w.m.list_addresses(&w.student).await.unwrap().len(), 2);
    w.m.delete_address(&w.student, b.id).await.unwrap();
    assert_eq!(
        w.m.list_addresses(&w.student).await.unwrap(),
        vec![a.clone()]
    );

    // Racing to set the primary: exactly one primary in the end.
    let mut ids = vec![a.id];
    for c in ["Bogor", "Bekasi", "Cimahi"] {
        ids.push(
            w.m.add_address(&w.student, home(c, false))
                .await
                .unwrap()
                .id,
        );
    }
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let (m, s, id) = (w.m.clone(), w.student, ids[i % ids.len()]);
            tokio::spawn(async move { m.set_primary_address(&s, id).await })
        })
        .collect();
    for t in tasks {
        if let Err(e) = t.await.unwrap() {
            assert_eq!(e.code(), "conflict", "{e}");
        }
    }
    let list = w.m.list_addresses(&w.student).await.unwrap();
    assert_eq!(list.iter().filter(|x| x.is_primary).count(), 1, "{list:?}");
}

conformance!(
    passwords_and_sign_in,
    profile_edits,
    suspension,
    deletion_keeps_the_books,
    addresses_with_one_primary,
);
