//! `blajarplus bench`: the performance issue's benchmark, on the database a `seed` filled. Each
//! search shape runs through the library beside the ERD's own example query with the same
//! filters, on the same database in the same run, interleaved, warm; the write use cases at N
//! and at 1 concurrent clients beside pgbench (PostgreSQL) or the same TPC-B-like transaction
//! as a raw sqlx loop on the same file (SQLite) ([`crate::writes`]); then
//! `rebuild_search_index` and `verify_ledger` once each (after the writes: the audit covers
//! them), and the peak memory of this process. Prints a Markdown table (and writes it to a
//! file with `--out`).

use std::time::{Duration, Instant};

use blajarplus::search::{SearchSort, TutorSearch};
use blajarplus::store::Backend;
use blajarplus::types::Level;
use blajarplus::{Marketplace, Result};
use chrono::DurationRound;
use rust_decimal::Decimal;

use crate::seed::admin;

/// `blajarplus bench`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Timed runs of each shape.
    #[arg(long, default_value_t = 30)]
    pub runs: usize,
    /// Untimed runs of each shape first. PostgreSQL plans a prepared statement anew for its
    /// first five executions on each pooled connection before it keeps a generic plan, and a
    /// pool hands out its connections in turn: the default lets every connection of the
    /// library's pool (10) and of the reference's reach that steady state, as in a server
    /// that has been up for a while.
    #[arg(long, default_value_t = 60)]
    pub warmup: usize,
    /// Also write the Markdown table to this file.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// Concurrent clients of the write benchmark (it also runs with 1).
    #[arg(long, default_value_t = 8)]
    pub clients: usize,
    /// Lessons each client books, pays and confirms (0: no write benchmark). The writes stay
    /// in the database.
    #[arg(long, default_value_t = 20)]
    pub lessons: usize,
    /// Seconds of each run of the write reference (pgbench; on SQLite the raw sqlx loop).
    #[arg(long, default_value_t = 20)]
    pub pgbench_seconds: u32,
    /// The write reference's scale factor (pgbench's `-i -s`: 100,000 accounts each).
    #[arg(long, default_value_t = 20)]
    pub pgbench_scale: u32,
    /// Time the search shapes only (no writes, rebuild or audit).
    #[arg(long, conflicts_with = "writes_only")]
    pub search_only: bool,
    /// Time the write use cases only (no search shapes, rebuild or audit): for profiling the
    /// write path.
    #[arg(long)]
    pub writes_only: bool,
}

/// Untimed lessons per client before each level of the write benchmark.
const WRITE_WARMUP: usize = 3;

/// A search shape: the library's query, and the ERD's example query with the same filters
/// (`None` where the ERD has no equivalent).
struct Shape {
    name: &'static str,
    search: TutorSearch,
    erd: Option<String>,
}

/// The reference's own connections to the benchmarked database, apart from the library's pool.
enum Reference {
    Postgres(sqlx::PgPool),
    Sqlite(sqlx::SqlitePool),
}

impl Reference {
    async fn open(backend: Backend, url: &str) -> Result<Reference> {
        Ok(match backend {
            Backend::Postgres => Reference::Postgres(sqlx::PgPool::connect(url).await?),
            Backend::Sqlite => Reference::Sqlite(crate::writes::sqlite_pool(url, 1).await?),
        })
    }

    /// Runs `sql` and reads every row it returns.
    async fn fetch_all(&self, sql: &str) -> Result<()> {
        let sql = sqlx::AssertSqlSafe(sql);
        match self {
            Reference::Postgres(p) => drop(sqlx::query(sql).fetch_all(p).await?),
            Reference::Sqlite(p) => drop(sqlx::query(sql).fetch_all(p).await?),
        }
        Ok(())
    }
}

/// The ERD's "Search Tutors with Filters" query, unchanged but for its filters and paging.
fn erd_query(filters: &str, min_rating: &str, offset: u32) -> String {
    format!(
        "SELECT tp.*, u.full_name, u.avatar_url, COUNT(DISTINCT r.id) as review_count, \
         AVG(r.rating) as avg_rating \
         FROM tutor_profiles tp \
         JOIN users u ON tp.user_id = u.id \
         JOIN tutor_subjects ts ON tp.id = ts.tutor_profile_id \
         JOIN subjects s ON ts.subject_id = s.id \
         LEFT JOIN reviews r ON tp.id = r.tutor_profile_id AND r.status = 'published' \
         WHERE tp.status = 'active' {filters} \
         GROUP BY tp.id, u.id \
         HAVING AVG(r.rating) >= {min_rating} \
         ORDER BY avg_rating DESC, tp.completed_lessons_count DESC \
         LIMIT 20 OFFSET {offset}"
    )
}

/// The ERD's price filter in the backend's dialect: SQLite keeps money as decimal TEXT, which
/// would compare with a number as text.
fn erd_price_between(backend: Backend, low: u32, high: u32) -> String {
    match backend {
        Backend::Postgres => format!("tp.hourly_rate BETWEEN {low} AND {high}"),
        Backend::Sqlite => format!("CAST(tp.hourly_rate AS NUMERIC) BETWEEN {low} AND {high}"),
    }
}

fn shapes(backend: Backend) -> Vec<Shape> {
    let tomorrow = chrono::Utc::now()
        .duration_trunc(chrono::Duration::hours(1))
        .expect("an hour divides any instant")
        + chrono::Duration::days(1);
    let d = |n: i64| Some(Decimal::from(n));
    let narrow = TutorSearch {
        subject: Some("matematika".into()),
        level: Some(Level::Sma),
        city: Some("Jakarta".into()),
        verified_only: true,
        min_price: d(50_000),
        max_price: d(200_000),
        min_rating: d(4),
        sort: SearchSort::Rating,
        ..TutorSearch::default()
    };
    let broad = TutorSearch {
        subject: Some("matematika".into()),
        min_price: d(50_000),
        max_price: d(200_000),
        min_rating: d(3),
        sort: SearchSort::Rating,
        ..TutorSearch::default()
    };
    let price = erd_price_between(backend, 50_000, 200_000);
    let narrow_sql = format!(
        "AND tp.is_verified = true AND s.slug = 'matematika' AND ts.level = 'sma' \
         AND {price} AND tp.base_city = 'Jakarta'"
    );
    let broad_sql = format!("AND s.slug = 'matematika' AND {price}");
    vec![
        Shape {
            name: "narrow: Matematika, SMA, Jakarta, verified, 50k–200k, rating ≥ 4, by rating",
            search: narrow,
            erd: Some(erd_query(&narrow_sql, "4.0", 0)),
        },
        Shape {
            name: "broad: Matematika, 50k–200k, rating ≥ 3, by rating",
            search: broad.clone(),
            erd: Some(erd_query(&broad_sql, "3.0", 0)),
        },
        Shape {
            name: "broad, page 2 (cursor; ERD: OFFSET 20)",
            search: broad,
            erd: Some(erd_query(&broad_sql, "3.0", 20)),
        },
        Shape {
            name: "full text \"matematika\", by relevance",
            search: TutorSearch {
                text: Some("matematika".into()),
                ..TutorSearch::default()
            },
            erd: None,
        },
        Shape {
            name: "available: Matematika, a free hour in the coming week, by rating",
            search: TutorSearch {
                subject: Some("matematika".into()),
                available_from: Some(tomorrow),
                available_to: Some(tomorrow + chrono::Duration::days(7)),
                sort: SearchSort::Rating,
                ..TutorSearch::default()
            },
            erd: None,
        },
    ]
}

/// p50 and p95 of `samples`.
fn percentiles(samples: &mut [Duration]) -> (Duration, Duration) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.95))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1_000.0)
}

/// Peak resident memory of this process (Linux), if known.
fn peak_rss() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(format!("{} MB", kb / 1024))
}

/// Runs the benchmark on `m`, opened at `url` (the reference query gets its own connection
/// to the same server).
pub async fn run(m: &Marketplace, url: &str, args: &Args) -> Result<()> {
    let backend = m.store().backend();
    let reference = Reference::open(backend, url).await?;
    let mut table = format!(
        "| what ({backend}) | library | reference, same server and run | library ÷ reference |\n|---|---|---|---|\n",
        backend = backend.as_str()
    );
    if !args.writes_only {
        table.push_str(&search_rows(m, &reference, args).await?);
    }
    if args.search_only {
        print!("{table}");
        return Ok(());
    }
    let admin = admin(m).await?;
    if args.lessons > 0 {
        table.push_str(&write_rows(m, url, &admin, args).await?);
    }
    if !args.writes_only {
        let t = Instant::now();
        let n = m.rebuild_search_index(&admin).await?;
        table.push_str(&format!(
            "| rebuild_search_index, {n} tutors | {:.2} s | — | — |\n",
            t.elapsed().as_secs_f64()
        ));
        let t = Instant::now();
        let report = m.verify_ledger().await?;
        table.push_str(&format!(
            "| verify_ledger, {} entries ({} violations) | {:.2} s | — | — |\n",
            report.entries,
            report.violations.len(),
            t.elapsed().as_secs_f64()
        ));
    }
    if let Some(rss) = peak_rss() {
        table.push_str(&format!(
            "| peak RSS of the bench process | {rss} | — | — |\n"
        ));
    }
    print!("{table}");
    if let Some(path) = &args.out {
        std::fs::write(path, &table).map_err(|e| {
            blajarplus::Error::Config(format!("cannot write {}: {e}", path.display()))
        })?;
    }
    Ok(())
}

/// The search shapes' rows: each shape through the library and, on PostgreSQL, the ERD's
/// query beside it, interleaved, after the warm-up runs.
async fn search_rows(m: &Marketplace, reference: &Reference, args: &Args) -> Result<String> {
    let shapes = shapes(m.store().backend());
    // Page 2 follows the cursor of page 1, as an app would.
    let mut searches: Vec<TutorSearch> = Vec::new();
    for (i, s) in shapes.iter().enumerate() {
        let mut q = s.search.clone();
        if i == 2 {
            q.cursor = m.search_tutors(q.clone()).await?.next_cursor;
        }
        searches.push(q);
    }
    let mut lib: Vec<Vec<Duration>> = vec![Vec::new(); shapes.len()];
    let mut erd: Vec<Vec<Duration>> = vec![Vec::new(); shapes.len()];
    let mut hits = vec![0i64; shapes.len()];
    for run in 0..args.warmup + args.runs {
        let timed = run >= args.warmup;
        for (i, s) in shapes.iter().enumerate() {
            let t = Instant::now();
            let page = m.search_tutors(searches[i].clone()).await?;
            let took = t.elapsed();
            hits[i] = page.total;
            if let Some(sql) = &s.erd {
                let t = Instant::now();
                reference.fetch_all(sql).await?;
                if timed {
                    erd[i].push(t.elapsed());
                }
            }
            if timed {
                lib[i].push(took);
            }
        }
    }
    let mut table = String::new();
    for (i, s) in shapes.iter().enumerate() {
        let (p50, p95) = percentiles(&mut lib[i]);
        let (reference, ratio) = if erd[i].is_empty() {
            ("—".to_string(), "—".to_string())
        } else {
            let (r50, r95) = percentiles(&mut erd[i]);
            (
                format!("ERD query: p50 {} / p95 {}", ms(r50), ms(r95)),
                format!("{:.2} (p95)", p95.as_secs_f64() / r95.as_secs_f64()),
            )
        };
        table.push_str(&format!(
            "| search {} ({} matches) | p50 {} / p95 {} | {reference} | {ratio} |\n",
            s.name,
            hits[i],
            ms(p50),
            ms(p95)
        ));
    }
    Ok(table)
}

/// The write use cases' rows at `args.clients` and at 1 client, beside pgbench on PostgreSQL
/// and the raw sqlx loop on SQLite.
/// Each level first runs a few untimed lifecycles per client on the same pool (with a clock
/// of their own), so that every pooled connection has prepared and planned the write
/// statements, as pgbench's own runs are measured warm.
async fn write_rows(
    m: &Marketplace,
    url: &str,
    admin: &blajarplus::Actor,
    args: &Args,
) -> Result<String> {
    let (name, reference) = match m.store().backend() {
        Backend::Postgres => (
            "pgbench",
            crate::writes::pgbench(url, args.clients, args.pgbench_scale, args.pgbench_seconds)
                .await?,
        ),
        Backend::Sqlite => (
            "raw sqlx TPC-B-like loop",
            Some(
                crate::writes::sqlite_tpcb(
                    url,
                    args.clients,
                    args.pgbench_scale,
                    args.pgbench_seconds,
                )
                .await?,
            ),
        ),
    };
    let mut table = String::new();
    for clients in [args.clients, 1] {
        let tps = reference
            .as_ref()
            .and_then(|r| r.iter().find(|(c, _)| *c == clients).map(|(_, t)| *t));
        crate::writes::lifecycle(m.store(), admin, clients, WRITE_WARMUP).await?;
        for r in crate::writes::lifecycle(m.store(), admin, clients, args.lessons).await? {
            let (reference, ratio) = match tps {
                Some(t) => (
                    format!("{name} -c {clients}: {t:.0} TPS"),
                    format!("{:.2}", r.per_second / t),
                ),
                None => ("—".to_string(), "—".to_string()),
            };
            table.push_str(&format!(
                "| {}, {} client{} | {:.0} /s | {reference} | {ratio} |\n",
                r.use_case,
                r.clients,
                if r.clients == 1 { "" } else { "s" },
                r.per_second
            ));
        }
    }
    Ok(table)
}
