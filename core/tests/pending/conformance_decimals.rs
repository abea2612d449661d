//! Decimals across the two backends, beyond equality: the same record must read back the same
//! (`Decimal`'s `==` ignores the scale, but its text form, and so every JSON a binding prints,
//! does not), and a value with more places than its column must get the same answer from both
//! databases.

mod support;

use blajarplus::store::*;
use blajarplus::types::*;
use support::at;
use support::fixtures::*;

/// A money column holds two places and a coordinate eight: a value written with fewer reads
/// back at the column's scale, as PostgreSQL's NUMERIC(p,s) returns it.
async fn decimals_read_back_at_the_column_scale(store: Store) {
    let (student, tutor_user, mut p) = seed_tutor(&store).await;
    let mut tx = store.begin().await.unwrap();
    p.hourly_rate = dec("150000");
    p.rating_avg = dec("4");
    p.updated_at = micro(now(), 1);
    tx.update_tutor_profile(&p).await.unwrap();
    let b = Booking {
        price: dec("150000"),
        platform_fee: dec("22500.5"),
        total_amount: dec("172500"),
        lat: Some(dec("-6.2")),
        lng: Some(dec("106")),
        ..booking(student.id, p.id, at(2026, 12, 1, 2, 0), 60)
    };
    tx.insert_booking(&b).await.unwrap();
    let w = Wallet {
        balance: dec("10"),
        ..wallet(tutor_user.id)
    };
    tx.insert_wallet(&w).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    let got = tx.get_tutor_profile(p.id).await.unwrap().unwrap();
    let got_b = tx.get_booking(b.id).await.unwrap().unwrap();
    let got_w = tx.get_wallet(w.id).await.unwrap().unwrap();
    let texts = [
        got.hourly_rate.to_string(),
        got.rating_avg.to_string(),
        got_b.price.to_string(),
        got_b.platform_fee.to_string(),
        got_b.total_amount.to_string(),
        got_b.lat.unwrap().to_string(),
        got_b.lng.unwrap().to_string(),
        got_w.balance.to_string(),
    ];
    assert_eq!(
        texts,
        [
            "150000.00",
            "4.0",
            "150000.00",
            "22500.50",
            "172500.00",
            "-6.20000000",
            "106.00000000",
            "10.00"
        ],
        "{} backend",
        store.backend().as_str()
    );
    // The same through serde, which is what the bindings print.
    assert_eq!(
        serde_json::to_value(&got_b).unwrap()["price"],
        serde_json::json!("150000.00")
    );
}

/// A third decimal place in a money column, or a ninth in a coordinate, is refused with a
/// `validation` error on both backends rather than rounded on one and refused on the other.
async fn too_many_places_are_refused_not_rounded(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let price = Booking {
        price: dec("150000.005"),
        ..booking(student.id, p.id, at(2026, 12, 1, 2, 0), 60)
    };
    let lat = Booking {
        lat: Some(dec("-6.208763001")),
        ..booking(student.id, p.id, at(2026, 12, 1, 4, 0), 60)
    };
    let rating = TutorProfile {
        rating_avg: dec("4.75"),
        updated_at: micro(now(), 1),
        ..p.clone()
    };
    let backend = store.backend().as_str();
    let mut outcomes = Vec::new();
    {
        let mut tx = store.begin().await.unwrap();
        outcomes.push(tx.insert_booking(&price).await.map_err(|e| e.code()));
    }
    {
        let mut tx = store.begin().await.unwrap();
        outcomes.push(tx.insert_booking(&lat).await.map_err(|e| e.code()));
    }
    {
        let mut tx = store.begin().await.unwrap();
        outcomes.push(tx.update_tutor_profile(&rating).await.map_err(|e| e.code()));
    }
    assert_eq!(
        outcomes,
        vec![Err("validation"), Err("validation"), Err("validation")],
        "{backend} backend"
    );
}

conformance!(
    decimals_read_back_at_the_column_scale,
    too_many_places_are_refused_not_rounded,
);
