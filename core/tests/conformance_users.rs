//! UserRepo, the addresses half, on both backends: every column round-trips (unicode, NULLs,
//! exact coordinates, microsecond instants), the list order, `clear_primary_address`, deletes
//! and the cascade from the user.

mod support;

use blajarplus::Error;
use blajarplus::store::*;
use blajarplus::types::*;
use support::fixtures::*;

async fn address_round_trips_every_column(store: Store) {
    let u = seed_user(&store, Role::Student).await;
    let full = address(u.id);
    let bare = UserAddress {
        id: AddressId::new(),
        user_id: u.id,
        label: None,
        province: None,
        city: None,
        district: None,
        address_detail: None,
        lat: None,
        lng: None,
        is_primary: true,
        created_at: micro(now(), 1),
        updated_at: micro(now(), 999_999),
    };
    // The extremes of DECIMAL(10,8) and DECIMAL(11,8).
    let extreme = UserAddress {
        id: AddressId::new(),
        lat: Some(dec("-99.99999999")),
        lng: Some(dec("-999.99999999")),
        ..address(u.id)
    };
    let mut tx = store.begin().await.unwrap();
    for a in [&full, &bare, &extreme] {
        tx.insert_address(a).await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_address(full.id).await.unwrap(), Some(full.clone()));
    assert_eq!(tx.get_address(bare.id).await.unwrap(), Some(bare.clone()));
    assert_eq!(
        tx.get_address(extreme.id).await.unwrap(),
        Some(extreme.clone())
    );
    let got = tx.get_address(full.id).await.unwrap().unwrap();
    assert_eq!(
        got.lat.unwrap().to_string(),
        "-6.208763",
        "read back normalised"
    );
    assert_eq!(
        got.lng.unwrap().to_string(),
        "106.845599",
        "read back normalised"
    );
    assert_eq!(got.created_at, micro(now(), 123_456));
    let got = tx.get_address(extreme.id).await.unwrap().unwrap();
    assert_eq!(got.lat.unwrap().to_string(), "-99.99999999");
    assert_eq!(got.lng.unwrap().to_string(), "-999.99999999");
    assert_eq!(tx.get_address(AddressId::new()).await.unwrap(), None);

    // Update rewrites every column: values to NULLs and NULLs to values.
    let emptied = UserAddress {
        label: None,
        province: None,
        city: None,
        district: None,
        address_detail: None,
        lat: None,
        lng: None,
        is_primary: true,
        updated_at: micro(now(), 777),
        ..full.clone()
    };
    let filled = UserAddress {
        label: Some("Kantor 🏢".into()),
        province: Some("Jawa Barat".into()),
        city: Some("Bandung".into()),
        district: Some("Coblong".into()),
        address_detail: Some("Jl. Ganesha No. 10".into()),
        lat: Some(dec("-6.89148000")),
        lng: Some(dec("107.61065000")),
        is_primary: false,
        created_at: micro(now(), 5),
        updated_at: micro(now(), 888),
        ..bare.clone()
    };
    // (bare loses the primary first: a user has at most one.)
    tx.update_address(&filled).await.unwrap();
    tx.update_address(&emptied).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_address(full.id).await.unwrap(), Some(emptied));
    assert_eq!(tx.get_address(bare.id).await.unwrap(), Some(filled));
    let ghost = address(u.id);
    assert_eq!(
        tx.update_address(&ghost).await.unwrap_err(),
        Error::not_found("address", ghost.id)
    );
}

async fn addresses_list_primary_first_then_oldest(store: Store) {
    let u = seed_user(&store, Role::Student).await;
    let other = seed_user(&store, Role::Student).await;
    let mk = |us: i64, primary: bool| UserAddress {
        id: AddressId::new(),
        is_primary: primary,
        created_at: micro(now(), us),
        ..address(u.id)
    };
    let old = mk(1, false);
    let newer = mk(3, false);
    let primary = mk(5, true);
    // Same instant as `newer`: the id breaks the tie.
    let tie = UserAddress {
        label: Some("tie".into()),
        ..mk(3, false)
    };
    let (lo, hi) = if tie.id < newer.id {
        (tie.clone(), newer.clone())
    } else {
        (newer.clone(), tie.clone())
    };
    let mut tx = store.begin().await.unwrap();
    for a in [&newer, &primary, &tie, &old] {
        tx.insert_address(a).await.unwrap();
    }
    tx.insert_address(&UserAddress {
        id: AddressId::new(),
        is_primary: true,
        ..address(other.id)
    })
    .await
    .unwrap();
    assert_eq!(
        tx.list_addresses(u.id).await.unwrap(),
        vec![primary.clone(), old.clone(), lo, hi]
    );
    assert_eq!(tx.list_addresses(UserId::new()).await.unwrap(), vec![]);
    tx.commit().await.unwrap();
}

async fn clear_primary_address_clears_only_that_users_primaries(store: Store) {
    let u = seed_user(&store, Role::Student).await;
    let other = seed_user(&store, Role::Student).await;
    let a = UserAddress {
        is_primary: true,
        ..address(u.id)
    };
    let b = UserAddress {
        id: AddressId::new(),
        is_primary: false,
        created_at: micro(now(), 200_000),
        ..address(u.id)
    };
    // A second primary for one user is a conflict (unique partial index, migration 0004).
    let mut tx = store.begin().await.unwrap();
    tx.insert_address(&a).await.unwrap();
    let second = UserAddress {
        id: AddressId::new(),
        is_primary: true,
        ..address(u.id)
    };
    assert_eq!(
        tx.insert_address(&second).await.unwrap_err().code(),
        "conflict"
    );
    drop(tx);
    let c = UserAddress {
        id: AddressId::new(),
        is_primary: false,
        created_at: micro(now(), 300_000),
        ..address(u.id)
    };
    let theirs = UserAddress {
        id: AddressId::new(),
        is_primary: true,
        ..address(other.id)
    };
    let mut tx = store.begin().await.unwrap();
    for x in [&a, &b, &c, &theirs] {
        tx.insert_address(x).await.unwrap();
    }
    assert_eq!(tx.clear_primary_address(u.id).await.unwrap(), 1);
    assert_eq!(tx.clear_primary_address(u.id).await.unwrap(), 0);
    assert_eq!(tx.clear_primary_address(UserId::new()).await.unwrap(), 0);
    // Set a new primary in the same transaction, as the doc says.
    let mut c2 = c.clone();
    c2.is_primary = true;
    c2.updated_at = micro(now(), 42);
    tx.update_address(&c2).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    let list = tx.list_addresses(u.id).await.unwrap();
    assert_eq!(
        list.iter()
            .map(|x| (x.id, x.is_primary))
            .collect::<Vec<_>>(),
        vec![(c.id, true), (a.id, false), (b.id, false)]
    );
    assert_eq!(list[0], c2);
    // Only the flag changed on the cleared rows.
    for (before, after) in [(&a, &list[1]), (&b, &list[2])] {
        assert_eq!(
            UserAddress {
                is_primary: before.is_primary,
                ..after.clone()
            },
            *before
        );
    }
    assert_eq!(tx.get_address(theirs.id).await.unwrap(), Some(theirs));
}

async fn deleting_addresses_and_their_user(store: Store) {
    let u = seed_user(&store, Role::Student).await;
    let other = seed_user(&store, Role::Student).await;
    let a = address(u.id);
    let b = UserAddress {
        id: AddressId::new(),
        ..address(u.id)
    };
    let theirs = address(other.id);
    let mut tx = store.begin().await.unwrap();
    for x in [&a, &b, &theirs] {
        tx.insert_address(x).await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_address(a.id).await.unwrap());
    assert!(!tx.delete_address(a.id).await.unwrap());
    assert!(!tx.delete_address(AddressId::new()).await.unwrap());
    assert_eq!(tx.get_address(a.id).await.unwrap(), None);
    tx.commit().await.unwrap();

    // ON DELETE CASCADE from users.
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_user(u.id).await.unwrap());
    assert_eq!(tx.get_address(b.id).await.unwrap(), None);
    assert_eq!(tx.list_addresses(u.id).await.unwrap(), vec![]);
    assert_eq!(tx.list_addresses(other.id).await.unwrap(), vec![theirs]);
    tx.commit().await.unwrap();
}

async fn an_address_of_an_unknown_user_is_refused(store: Store) {
    let a = address(UserId::new());
    let err = fails_alone!(store, |tx| tx.insert_address(&a));
    assert_eq!(err.code(), "not_found", "{err}");
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_address(a.id).await.unwrap(), None);
}

conformance!(
    address_round_trips_every_column,
    addresses_list_primary_first_then_oldest,
    clear_primary_address_clears_only_that_users_primaries,
    deleting_addresses_and_their_user,
    an_address_of_an_unknown_user_is_refused,
);
