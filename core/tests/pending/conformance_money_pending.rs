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



