// Failing repros of known bugs, moved out of conformance_money.rs (see pending/README.md).

/// `Some(json!(null))` is a value a record can hold; it must read back as written, not as
/// SQL NULL (`None`).
async fn a_json_null_payload_reads_back_as_written(store: Store) {
    let (_, tutor_user, _, a, _) = two_bookings(&store).await;
    let p = PaymentTransaction {
        raw_payload: Some(json!(null)),
        ..payment(a.id)
    };
    let w = wallet(tutor_user.id);
    let e = LedgerEntry {
        meta: Some(json!(null)),
        ..ledger_entry(w.id, None)
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_payment(&p).await.unwrap();
    tx.insert_wallet(&w).await.unwrap();
    tx.insert_ledger_entry(&e).await.unwrap();
    assert_eq!(
        tx.get_payment(p.id).await.unwrap().unwrap().raw_payload,
        Some(json!(null))
    );
    assert_eq!(tx.list_ledger_entries(w.id).await.unwrap(), vec![e]);
}


/// `adjust_wallet_balance(.., now)` stamps `now` (the library's clock decides what "now" is),
/// also when `now` equals the stored `updated_at` (a fixed clock, two moves in one instant).
async fn adjusting_a_balance_stamps_the_callers_instant(store: Store) {
    let (_, tutor_user, _) = seed_tutor(&store).await;
    let w = wallet(tutor_user.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_wallet(&w).await.unwrap();
    let t = micro(now(), 900);
    tx.adjust_wallet_balance(w.id, dec("1.00"), t)
        .await
        .unwrap();
    assert_eq!(tx.get_wallet(w.id).await.unwrap().unwrap().updated_at, t);
    // The same instant again: the second move happens "at the same time".
    tx.adjust_wallet_balance(w.id, dec("1.00"), t)
        .await
        .unwrap();
    let got = tx.get_wallet(w.id).await.unwrap().unwrap();
    assert_eq!(got.balance, dec("127502.50"));
    assert_eq!(got.updated_at, t, "{} backend", store.backend().as_str());
}

