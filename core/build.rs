//! `sqlx::migrate!` embeds the SQL files at compile time; make cargo notice new or edited ones.
//!
//! It also reads every column's size limit (`VARCHAR(n)`, `NUMERIC(p,s)`/`DECIMAL(p,s)`) and
//! every foreign key out of the PostgreSQL migrations into `$OUT_DIR/column_limits.rs`, so the
//! store can check a row against the schema before writing it, and name the column of a
//! dangling reference on SQLite, from the one place they are declared (the SQL). A test
//! compares the result with PostgreSQL's `information_schema`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=../migrations");
    // Through `core/migrations` (a link to the workspace's folder, packed as files by `cargo package`).
    // Read at run time: a build script compiled for one checkout may be reused for another.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("migrations/postgres");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    let mut limits = Vec::new();
    let mut references = Vec::new();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let sql = std::fs::read_to_string(file).unwrap();
        let (l, r) = read_columns(&sql, file);
        limits.extend(l);
        references.extend(r);
    }
    let mut out = String::from(
        "/// Every sized column of the schema: `(table, column, limit)`, in migration order.\n\
         pub static COLUMN_LIMITS: &[(&str, &str, ColumnLimit)] = &[\n",
    );
    for (table, column, limit) in &limits {
        writeln!(out, "    ({table:?}, {column:?}, {limit}),").unwrap();
    }
    out.push_str(
        "];\n\n\
         /// The size limit of `column` in `table` as the migrations declare it, if it has one.\n\
         pub fn column_limit(table: &str, column: &str) -> Option<ColumnLimit> {\n\
         \x20   match (table, column) {\n",
    );
    for (table, column, limit) in &limits {
        writeln!(out, "        ({table:?}, {column:?}) => Some({limit}),").unwrap();
    }
    out.push_str("        _ => None,\n    }\n}\n\n");
    out.push_str(
        "/// Every foreign key of the schema: `(table, column, referenced table, referenced column)`.\n\
         pub static FOREIGN_KEYS: &[(&str, &str, &str, &str)] = &[\n",
    );
    for (table, column, to_table, to_column) in &references {
        writeln!(
            out,
            "    ({table:?}, {column:?}, {to_table:?}, {to_column:?}),"
        )
        .unwrap();
    }
    out.push_str("];\n");
    let path = Path::new(&std::env::var("OUT_DIR").unwrap()).join("column_limits.rs");
    std::fs::write(path, out).unwrap();
}

type Limits = Vec<(String, String, String)>;
type References = Vec<(String, String, String, String)>;

/// `(table, column, limit as Rust)` for each sized column a migration creates, and `(table,
/// column, referenced table, referenced column)` for each foreign key.
fn read_columns(sql: &str, file: &Path) -> (Limits, References) {
    let mut limits = Vec::new();
    let mut references = Vec::new();
    let mut table: Option<String> = None;
    // The column a `REFERENCES` belongs to: the last one declared (it may continue a line).
    let mut column: Option<(String, String)> = None;
    for line in sql.lines().map(|l| l.split("--").next().unwrap().trim()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["CREATE", "TABLE", name, "("] => table = Some(name.to_string()),
            [")"] | [");"] => table = None,
            ["ALTER", "TABLE", name, "ADD", "COLUMN", col, ty, ..] => {
                limits.extend(limit(ty).map(|l| (name.to_string(), col.to_string(), l)));
                column = Some((name.to_string(), col.to_string()));
            }
            ["ALTER", "TABLE", _, "ALTER", "COLUMN", _, "TYPE", ..] => {
                panic!(
                    "{}: teach build.rs about ALTER COLUMN … TYPE",
                    file.display()
                )
            }
            [col, ty, ..] if table.is_some() && !is_keyword(col) => {
                let table = table.clone().unwrap();
                limits.extend(limit(ty).map(|l| (table.clone(), col.to_string(), l)));
                column = Some((table, col.to_string()));
            }
            _ => {}
        }
        if let Some(i) = words.iter().position(|w| *w == "REFERENCES") {
            let (to_table, to_column) = words[i + 1]
                .trim_end_matches([',', ';'])
                .trim_end_matches(')')
                .split_once('(')
                .unwrap_or_else(|| panic!("{}: REFERENCES without a column", file.display()));
            let (t, c) = column.clone().expect("REFERENCES after a column");
            references.push((t, c, to_table.to_string(), to_column.to_string()));
        }
    }
    (limits, references)
}

/// Column names are lower case; a line inside CREATE TABLE that starts otherwise continues a
/// column (`CONSTRAINT …`, `CHECK (…)`) or is a table constraint.
fn is_keyword(word: &str) -> bool {
    !word.starts_with(|c: char| c.is_ascii_lowercase())
}

/// `VARCHAR(n)` → `ColumnLimit::Chars(n)`, `NUMERIC(p,s)` → `ColumnLimit::Decimal { .. }`; arrays and other
/// types have none (array elements are enums, checked by their type).
fn limit(ty: &str) -> Option<String> {
    let ty = ty.trim_end_matches(',');
    if ty.ends_with("[]") {
        return None;
    }
    let (name, args) = ty.split_once('(')?;
    let name = name.to_ascii_uppercase();
    if !matches!(name.as_str(), "VARCHAR" | "NUMERIC" | "DECIMAL") {
        return None;
    }
    let args: Vec<u32> = args
        .trim_end_matches(')')
        .split(',')
        .map(|a| a.trim().parse().expect("a numeric type argument"))
        .collect();
    match (name.as_str(), args.as_slice()) {
        ("VARCHAR", [n]) => Some(format!("ColumnLimit::Chars({n})")),
        ("NUMERIC" | "DECIMAL", [precision, scale]) => Some(format!(
            "ColumnLimit::Decimal {{ precision: {precision}, scale: {scale} }}"
        )),
        _ => panic!("unexpected sized type {ty}"),
    }
}
