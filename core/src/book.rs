//! The book (`docs/src/`) and the README, held to the code.
//!
//! `cargo test --doc` compiles and runs every ```` ```rust ```` block of the chapters listed
//! here and of `README.md`: each file is the documentation of an empty module that exists only
//! under `cfg(doctest)`, so the published crate carries none of it. A block marked `ignore` or
//! `no_run` would escape that, so none is. The unit tests below check what no doctest can: that
//! every chapter of `SUMMARY.md` is listed here, that the lifecycle's state diagram is the
//! transition table, and that the error table is `Error::CODES`.

/// Lists the chapters once: their doctest modules, and (for the unit test) their names.
macro_rules! chapters {
    ($($module:ident => $file:literal),* $(,)?) => {
        $(
            #[cfg(doctest)]
            #[doc = include_str!(concat!("../../docs/src/", $file))]
            mod $module {}
        )*
        /// The chapters whose Rust examples `cargo test --doc` runs.
        #[cfg(test)]
        const CHAPTERS: &[&str] = &[$($file),*];
    };
}

chapters! {
    introduction => "introduction.md",
    install => "install.md",
    rust => "rust.md",
    python => "python.md",
    node => "node.md",
    mobile => "mobile.md",
    http_services => "http-services.md",
    lifecycle => "lifecycle.md",
    packages => "packages.md",
    social => "social.md",
    accounts => "accounts.md",
    search => "search.md",
    policy => "policy.md",
    payments => "payments.md",
    ledger => "ledger.md",
    errors => "errors.md",
    databases => "databases.md",
    operations => "operations.md",
    tracing => "tracing.md",
    benchmarks => "benchmarks.md",
    design => "design.md",
}

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
mod readme {}

#[cfg(test)]
mod tests {
    use super::CHAPTERS;
    use crate::booking::TRANSITIONS;
    use std::collections::BTreeSet;

    const SUMMARY: &str = include_str!("../../docs/src/SUMMARY.md");
    const LIFECYCLE: &str = include_str!("../../docs/src/lifecycle.md");
    const ERRORS: &str = include_str!("../../docs/src/errors.md");

    /// The chapter files `SUMMARY.md` links to.
    fn summary_files() -> Vec<&'static str> {
        SUMMARY
            .split("](")
            .skip(1)
            .filter_map(|rest| rest.split_once(')').map(|(file, _)| file))
            .collect()
    }

    #[test]
    fn every_chapter_of_the_summary_has_its_rust_examples_run() {
        let files = summary_files();
        assert!(files.contains(&"lifecycle.md"), "{files:?}");
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/src/");
        for file in files {
            let text = std::fs::read_to_string(format!("{dir}{file}"))
                .unwrap_or_else(|e| panic!("docs/src/{file}: {e}"));
            // The pages of BENCHMARKS.md and RELIABILITY.md are only an include.
            let include_only = text.lines().all(|l| {
                l.trim().is_empty() || l.starts_with("<!--") || l.starts_with("{{#include ../../")
            });
            assert!(
                include_only || CHAPTERS.contains(&file),
                "docs/src/{file} is in SUMMARY.md but not in core/src/book.rs's chapters! list, \
                 so its Rust examples would not be compiled: add it there"
            );
        }
    }

    /// The arrows of the lifecycle chapter's Mermaid diagram: (from, event, to).
    fn diagram_arrows() -> BTreeSet<(String, String, String)> {
        let block = LIFECYCLE
            .split("```mermaid\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .expect("docs/src/lifecycle.md has no ```mermaid block");
        let mut arrows = BTreeSet::new();
        for line in block.lines().map(str::trim) {
            let Some((from, rest)) = line.split_once(" --> ") else {
                continue;
            };
            if from == "[*]" || rest.starts_with("[*]") {
                continue; // the start and the final states, not moves of the table
            }
            let (to, events) = rest
                .split_once(": ")
                .unwrap_or_else(|| panic!("an arrow without its events: {line}"));
            for event in events.split(" / ") {
                arrows.insert((from.into(), event.trim().into(), to.into()));
            }
        }
        arrows
    }

    #[test]
    fn the_state_diagram_is_the_transition_table() {
        let table: BTreeSet<(String, String, String)> = TRANSITIONS
            .iter()
            .map(|t| {
                (
                    t.from.as_str().into(),
                    t.event.as_str().into(),
                    t.to.as_str().into(),
                )
            })
            .collect();
        let diagram = diagram_arrows();
        let missing: Vec<_> = table.difference(&diagram).collect();
        let extra: Vec<_> = diagram.difference(&table).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "docs/src/lifecycle.md's diagram differs from booking::TRANSITIONS: \
             missing {missing:?}, not in the table {extra:?}"
        );
    }

    #[test]
    fn the_error_table_is_the_list_of_codes() {
        let codes: Vec<&str> = ERRORS
            .lines()
            .skip_while(|l| !l.starts_with("| code |"))
            .skip(2)
            .take_while(|l| l.starts_with("| `"))
            .filter_map(|l| l.split('`').nth(1))
            .collect();
        assert_eq!(codes, crate::Error::CODES, "docs/src/errors.md's table");
    }
}
