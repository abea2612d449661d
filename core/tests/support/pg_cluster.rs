//! A throwaway PostgreSQL cluster of a test's own, for drills that stop and start the server
//! (doing that to the shared test server would break every other test running beside it).
//!
//! The binaries come from `/usr/lib/postgresql/15/bin` (any other version's `bin` next to it)
//! or `pg_config --bindir`. PostgreSQL refuses to run as root, so as root `initdb` and `pg_ctl`
//! run as the `postgres` user through `runuser`, and the cluster's folder is given to it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_root: bool,
}

impl Cluster {
    /// Creates a cluster in a new temporary folder on a free port and starts it.
    pub fn start() -> Cluster {
        let bin = bindir().expect(
            "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin \
             nor by pg_config --bindir: install PostgreSQL (Debian: apt-get install postgresql-15)",
        );
        let dir = std::env::temp_dir().join(format!("bp-pgc-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let as_root = is_root();
        if as_root {
            run(Command::new("chown").arg("postgres").arg(&dir), "chown");
        }
        let cluster = Cluster {
            bin,
            dir,
            port: free_port(),
            as_root,
        };
        let out = cluster.pg("initdb", |c| {
            c.arg("-D").arg(cluster.data()).args([
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
            ]);
        });
        assert!(out.status.success(), "initdb failed: {}", text(&out));
        cluster.start_again();
        cluster
    }

    /// `postgres://postgres@127.0.0.1:PORT/postgres`.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// `pg_ctl stop -m immediate`: every backend dies at once without a checkpoint, as in a
    /// crash; the next start runs crash recovery.
    pub fn stop_immediate(&self) {
        let out = self.pg("pg_ctl", |c| {
            c.arg("-D")
                .arg(self.data())
                .args(["-m", "immediate", "-w", "stop"]);
        });
        assert!(out.status.success(), "pg_ctl stop failed: {}", text(&out));
    }

    /// `pg_ctl start`, waiting until the server accepts connections.
    pub fn start_again(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off",
            self.port,
            self.dir.display()
        );
        let out = self.pg("pg_ctl", |c| {
            c.arg("-D")
                .arg(self.data())
                .arg("-l")
                .arg(self.dir.join("server.log"))
                .args(["-w", "-t", "60", "-o", &options, "start"]);
        });
        assert!(
            out.status.success(),
            "pg_ctl start failed: {}\n{}",
            text(&out),
            std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
        );
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn pg(&self, tool: &str, args: impl FnOnce(&mut Command)) -> Output {
        let exe = self.bin.join(tool);
        let mut c = if self.as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        };
        args(&mut c);
        // pg_ctl's server inherits these; a closed stdout keeps `cargo test` from waiting on it.
        c.stdin(std::process::Stdio::null());
        c.output()
            .unwrap_or_else(|e| panic!("cannot run {tool}: {e}"))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.pg("pg_ctl", |c| {
            c.arg("-D")
                .arg(self.data())
                .args(["-m", "immediate", "-w", "stop"]);
        });
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn bindir() -> Option<PathBuf> {
    let has_initdb = |d: &Path| d.join("initdb").is_file() && d.join("pg_ctl").is_file();
    let preferred = PathBuf::from("/usr/lib/postgresql/15/bin");
    if has_initdb(&preferred) {
        return Some(preferred);
    }
    let mut others: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|d| has_initdb(d))
        .collect();
    others.sort();
    if let Some(d) = others.pop() {
        return Some(d);
    }
    let out = Command::new("pg_config").arg("--bindir").output().ok()?;
    let d = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    has_initdb(&d).then_some(d)
}

/// Whether this process runs as root (effective uid 0), read without a libc dependency.
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|euid| euid == "0"))
        })
        .unwrap_or(false)
}

/// A port nobody listens on now (the OS picks it; released before the server binds it).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn run(c: &mut Command, what: &str) {
    let out = c
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(out.status.success(), "{what} failed: {}", text(&out));
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
