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
        .args([
            "bench",
            "--runs",
            "2",
            "--warmup",
            "1",
            "--clients",
            "2",
            "--lessons",
            "2",
        ])
        .args(["--pgbench-seconds", "1", "--pgbench-scale", "1"])
        .assert()
        .success();
    let table = String::from_utf8_lossy(&bench.get_output().stdout).to_string();
    assert_eq!(
        table.lines().filter(|l| l.starts_with("| search ")).count(),
        5,
        "{table}"
    );
    assert!(table.contains("(0 violations)"), "{table}");
    // The ERD's query beside three shapes, on either database.
    let erd_rows = table.lines().filter(|l| l.contains("ERD query:")).count();
    assert_eq!(erd_rows, 3, "{table}");
    // Five write use cases at 2 clients and at 1, each beside its reference: pgbench on
    // PostgreSQL, the raw sqlx loop on SQLite.
    let writes = table.lines().filter(|l| l.contains(" client")).count();
    assert_eq!(writes, 10, "{table}");
    let reference = if url.starts_with("postgres") {
        "pgbench -c"
    } else {
        "raw sqlx TPC-B-like loop -c"
    };
    let reference_rows = table.lines().filter(|l| l.contains(reference)).count();
    assert_eq!(reference_rows, 10, "{table}");
}

/// The operator commands on a fresh database: migrate (status before and after), the first
/// admin (once), run-due once and as a worker stopped by SIGTERM, verify-ledger as JSON.
fn operates(url: &str) {
    let status = blajarplus(url)
        .args(["migrate", "--status"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&status.get_output().stdout).to_string();
    assert!(text.lines().count() >= 8, "{text}");
    assert!(text.lines().all(|l| l.contains(" pending ")), "{text}");
    let done = blajarplus(url).arg("migrate").assert().success();
    let text = String::from_utf8_lossy(&done.get_output().stdout).to_string();
    assert!(text.contains("applied, schema up to date"), "{text}");
    let status = blajarplus(url)
        .args(["migrate", "--status"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&status.get_output().stdout).to_string();
    assert!(text.lines().all(|l| l.contains(" applied ")), "{text}");
    let again = blajarplus(url).arg("migrate").assert().success();
    let text = String::from_utf8_lossy(&again.get_output().stdout).to_string();
    assert!(text.contains("migrate: 0 applied"), "{text}");

    let admin = [
        "bootstrap-admin",
        "--name",
        "Admin",
        "--email",
        "admin@example.id",
    ];
    blajarplus(url).args(admin).assert().success();
    let refused = blajarplus(url).args(admin).assert().code(2);
    let err = String::from_utf8_lossy(&refused.get_output().stderr).to_string();
    assert!(err.starts_with("error ["), "{err}");

    let once = blajarplus(url).arg("run-due").assert().success();
    let text = String::from_utf8_lossy(&once.get_output().stdout).to_string();
    assert!(text.starts_with("run_due: 0 expired"), "{text}");

    // As a worker: runs at once, again every 200 ms, and stops cleanly on SIGTERM.
    let worker = std::process::Command::new(assert_cmd::cargo::cargo_bin("blajarplus"))
        .env_remove("BLAJARPLUS_DATABASE_URL")
        .env_remove("DATABASE_URL")
        .args(["--database-url", url, "run-due", "--every", "200ms"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(900));
    let pid = worker.id().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    let out = worker.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.matches("run_due: ").count() >= 3, "{text}");
    assert!(text.trim_end().ends_with("run_due: stopped"), "{text}");

    let json = blajarplus(url)
        .args(["verify-ledger", "--json"])
        .assert()
        .success();
    let report: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    assert_eq!(report["violations"], serde_json::json!([]));
    assert_eq!(report["held"], serde_json::json!("0"));
}

/// The outbox relay hands each event to the command as JSON, acknowledges it on exit 0, and
/// leaves it for another round after its lease on failure.
fn relays_the_outbox(url: &str) {
    use blajarplus::store::{OutboxRepo, Store};
    use blajarplus::types::{OutboxEvent, OutboxEventId};
    blajarplus(url).arg("migrate").assert().success();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let ids: Vec<OutboxEventId> = rt.block_on(async {
        let store = Store::open(url).await.unwrap();
        let mut tx = store.begin().await.unwrap();
        let mut ids = Vec::new();
        for i in 0..3 {
            let e = OutboxEvent {
                id: OutboxEventId::new(),
                topic: "notification.booking_confirmed".into(),
                user_id: None,
                payload: serde_json::json!({ "n": i }),
                attempts: 0,
                locked_until: None,
                delivered_at: None,
                created_at: chrono::Utc::now(),
            };
            tx.insert_outbox_event(&e).await.unwrap();
            ids.push(e.id);
        }
        tx.commit().await.unwrap();
        store.close().await;
        ids
    });
    let dir = std::env::temp_dir().join(format!("blajarplus-outbox-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let sink = dir.join("delivered.jsonl");
    let relay = |exec: &str| {
        let out = blajarplus(url)
            .args(["outbox", "relay", "--lease", "1", "--exec", exec])
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout).to_string()
    };
    // A failing command: nothing is acknowledged; the events come back after the lease.
    assert!(relay("exit 1").contains("3 claimed, 0 delivered, 3 left"));
    assert!(relay("exit 0").contains("0 claimed"), "still leased");
    std::thread::sleep(std::time::Duration::from_millis(1_200));
    let append = format!("cat >> {}; echo >> {}", sink.display(), sink.display());
    assert!(relay(&append).contains("3 claimed, 3 delivered, 0 left"));
    std::thread::sleep(std::time::Duration::from_millis(1_200));
    assert!(
        relay(&append).contains("0 claimed"),
        "acknowledged events stay delivered"
    );
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&sink)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut seen: Vec<String> = lines
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    seen.sort();
    let mut expected: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    expected.sort();
    assert_eq!(seen, expected);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn outbox_relay_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("blajarplus-relay-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    relays_the_outbox(&format!("sqlite://{}/relay.db", dir.display()));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn outbox_relay_on_postgres() {
    relays_the_outbox(&fresh_pg_databases(1)[0]);
}

#[test]
fn operator_commands_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("blajarplus-ops-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    operates(&format!("sqlite://{}/ops.db", dir.display()));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn operator_commands_on_postgres() {
    operates(&fresh_pg_databases(1)[0]);
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

/// `n` new, empty databases on the test server.
fn fresh_pg_databases(n: usize) -> Vec<String> {
    let server = std::env::var("BLAJARPLUS_TEST_PG_URL").expect(
        "BLAJARPLUS_TEST_PG_URL is not set: the PostgreSQL tests need a server (make test starts one)",
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    (0..n)
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
        .collect()
}

#[test]
fn seed_on_postgres() {
    let urls = fresh_pg_databases(2);
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
