//! The fuzz corpus on stable Rust: every seed of `fuzz/corpus/<target>/` goes through the
//! same entry function as the cargo-fuzz target (`support/fuzz_entries.rs`), which panics on
//! a broken invariant — above all, a notification without the right signature or token that
//! verifies. Seeds named `valid-*` must be accepted, `forged-*` and `malformed-*` refused;
//! other names (inputs a fuzzer added) only have to pass the entry's checks.
//!
//! Then proptest plays a small fuzzer: arbitrary bytes, and the seeds with bytes changed,
//! inserted or cut, through the same entries.

#[path = "support/fuzz_entries.rs"]
mod fuzz_entries;

use proptest::prelude::*;
use std::path::PathBuf;

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../fuzz/corpus/{target}"));
    let mut seeds: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    seeds.sort();
    assert!(
        seeds.len() >= 12,
        "{}: {} seeds",
        dir.display(),
        seeds.len()
    );
    seeds
}

/// Runs every seed; `accepted` says whether the entry accepted it.
fn replay(target: &str, accepted: impl Fn(&[u8]) -> bool) {
    for (name, data) in corpus(target) {
        let ok = accepted(&data);
        if name.starts_with("valid-") {
            assert!(ok, "{target}/{name} was refused");
        }
        if name.starts_with("forged-") || name.starts_with("malformed-") {
            assert!(!ok, "{target}/{name} was accepted");
        }
    }
}

#[test]
fn midtrans_corpus() {
    replay("midtrans", |d| fuzz_entries::midtrans(d).is_some());
}

#[test]
fn xendit_corpus() {
    replay("xendit", |d| fuzz_entries::xendit(d).is_some());
}

#[test]
fn slots_corpus() {
    // `valid-*` slot seeds are calendars that offer something.
    replay("slots", |d| fuzz_entries::slots(d) > 0);
}

/// A seed of `target` with an edit: a byte replaced, inserted or removed at `at`.
fn mutated(
    target: &str,
    seed: prop::sample::Index,
    at: prop::sample::Index,
    op: u8,
    b: u8,
) -> Vec<u8> {
    let seeds = corpus(target);
    let mut data = seeds[seed.index(seeds.len())].1.clone();
    let i = at.index(data.len() + 1);
    match op % 3 {
        0 if i < data.len() => data[i] = b,
        1 => data.insert(i, b),
        _ if i < data.len() => {
            data.remove(i);
        }
        _ => data.push(b),
    }
    data
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes(data in prop::collection::vec(any::<u8>(), 0..600)) {
        fuzz_entries::midtrans(&data);
        fuzz_entries::xendit(&data);
        fuzz_entries::slots(&data);
    }

    #[test]
    fn edited_seeds(seed in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(),
                    op in any::<u8>(), b in any::<u8>()) {
        fuzz_entries::midtrans(&mutated("midtrans", seed, at, op, b));
        fuzz_entries::xendit(&mutated("xendit", seed, at, op, b));
        fuzz_entries::slots(&mutated("slots", seed, at, op, b));
    }
}
