//! The `blajarplus` command as a process, on an SQLite file and on PostgreSQL: the generator
//! at a tiny scale (its ledger verifies, its output is the same for the same seed), and the
//! commands that check and rebuild what it wrote.

use assert_cmd::Command;

fn blajarplus(url: &str) -> Command {
    let mut cmd = Command::cargo_bin("blajarplus").expect("the blajarplus binary");
    cmd.env_remove("BLAJARPLUS_DATABASE_URL")
        .env_remove("DATABASE_URL")
        .arg("--database-url")
        .arg(url);
    cmd
}

/// The line that counts what `seed` wrote (timings stripped).
fn counts(output: &[u8]) -> String {
    let text = String::from_utf8_lossy(output);
    let line = text
        .lines()
        .find(|l| l.starts_with("seed "))
        .unwrap_or_else(|| panic!("no summary line in {text}"));
    line.rsplit_once(" in ")
        .map_or(line, |(c, _)| c)
        .to_string()
}

fn seeds_verifies_and_rebuilds(url: &str, other: &str) {
    let first = blajarplus(url)
        .args(["seed", "--tutors", "60", "--batch", "25", "--seed", "7"])
        .assert()
        .success();
    let out = &first.get_output().stdout;
    let text = String::from_utf8_lossy(out);
    assert!(text.contains("verify_ledger: 0 violations"), "{text}");
    assert!(text.contains("rebuild_search_index: 60 tutors"), "{text}");
    // Deterministic: the same seed and scale give the same marketplace on another database.
    let second = blajarplus(other)
        .args(["seed", "--tutors", "60", "--batch", "25", "--seed", "7"])
        .assert()
        .success();
    assert_eq!(counts(out), counts(&second.get_output().stdout));
    blajarplus(url).arg("verify-ledger").assert().success();
    let rebuilt = blajarplus(url)
        .arg("rebuild-search-index")
        .assert()
        .success();
    let text = String::from_utf8_lossy(&rebuilt.get_output().stdout).to_string();
    assert!(text.contains("60 tutors"), "{text}");
    // The benchmark at a tiny scale, so it cannot rot (its timings are not asserted).
    let bench = blajarplus(url)
        .args(["bench", "--runs", "2", "--clients", "2", "--lessons", "2"])
        .args(["--pgbench-seconds", "1", "--pgbench-scale", "1"])
        .assert()
        .success();
    let table = String::from_utf8_lossy(&bench.get_output().stdout).to_string();
    assert_eq!(
        table.lines().filter(|l| l.starts_with("| search ")).count(),
        4,
        "{table}"
    );
    assert!(table.contains("(0 violations)"), "{table}");
    let erd_rows = table.lines().filter(|l| l.contains("ERD query:")).count();
    let on_postgres = url.starts_with("postgres");
    assert_eq!(erd_rows, if on_postgres { 3 } else { 0 }, "{table}");
    // Five write use cases at 2 clients and at 1, beside pgbench on PostgreSQL.
    let writes = table.lines().filter(|l| l.contains(" client")).count();
    assert_eq!(writes, 10, "{table}");
    let pgbench_rows = table.lines().filter(|l| l.contains("pgbench -c")).count();
    assert_eq!(pgbench_rows, if on_postgres { 10 } else { 0 }, "{table}");
}

#[test]
fn seed_on_sqlite_files() {
    let dir = std::env::temp_dir().join(format!("blajarplus-cli-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = format!("sqlite://{}/a.db", dir.display());
    let b = format!("sqlite://{}/b.db", dir.display());
    seeds_verifies_and_rebuilds(&a, &b);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn seed_on_postgres() {
    let server = std::env::var("BLAJARPLUS_TEST_PG_URL").expect(
        "BLAJARPLUS_TEST_PG_URL is not set: the PostgreSQL tests need a server (make test starts one)",
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    let urls: Vec<String> = (0..2)
        .map(|_| {
            rt.block_on(async {
                use sqlx::Connection;
                let name = format!("bp_cli_{}", uuid::Uuid::now_v7().simple());
                let mut c = sqlx::PgConnection::connect(&server).await.unwrap();
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut c)
                    .await
                    .unwrap();
                let (base, _) = server.rsplit_once('/').unwrap();
                format!("{base}/{name}")
            })
        })
        .collect();
    seeds_verifies_and_rebuilds(&urls[0], &urls[1]);
}

#[test]
fn an_in_memory_database_is_refused() {
    let out = blajarplus("sqlite::memory:")
        .arg("verify-ledger")
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("error [config]"), "{err}");
}
