//! A reference to a missing row should name its column on both backends (PostgreSQL's
//! constraint name tells it; SQLite's "FOREIGN KEY constraint failed" does not).

mod support;

use blajarplus::Error;
use blajarplus::store::*;
use blajarplus::types::*;
use support::fixtures::*;

async fn a_dangling_reference_names_its_column(store: Store) {
    let orphan = address(UserId::new());
    let err = fails_alone!(store, |tx| tx.insert_address(&orphan));
    assert_eq!(
        err,
        Error::NotFound {
            entity: "referenced record",
            key: "user_id".into()
        },
        "{} backend",
        store.backend().as_str()
    );
}

conformance!(a_dangling_reference_names_its_column);
