//! `cargo +nightly fuzz run xendit`: see core/tests/support/fuzz_entries.rs for the input's
//! meaning and the invariants checked (the stable test core/tests/fuzz_corpus.rs replays the
//! same entry over fuzz/corpus/xendit/).
#![no_main]

#[path = "../../core/tests/support/fuzz_entries.rs"]
mod fuzz_entries;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_entries::xendit(data);
});
