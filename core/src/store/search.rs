//! Tutor search: the search table (`tutor_search_offerings`, one row per bookable offering),
//! each tutor's search document, and the one statement a search page is. What a word is, how
//! well a tutor matches and the order of results are decided in [`crate::search`], identically
//! for both databases; here each database uses its own full-text index (tsvector + GIN on
//! PostgreSQL, FTS5 on SQLite) to find the tutors whose document holds every term, and the
//! search table's indexes for everything else.
//!
//! The search table is derived data: every store method that writes a table it is made of
//! (profiles, tutor subjects, subjects, accounts, addresses) marks the tutors it touched, and
//! [`Tx::commit`] rewrites their rows in the same transaction ([`Tx::refresh_search_rows`]).

use super::sql::{IdList, among};
use super::{Tx, on_tx};
use crate::error::Result;
use crate::search::{
    self, Candidate, DocumentField, DocumentTerms, Offering, RELEVANCE_LADDER, SearchPlan,
    SearchRow, SearchTerm, SortColumn, SortKey,
};
use crate::types::*;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// `tutor_search_documents`: a tutor's headline, bio and subject names as search spellings
/// ([`crate::search::document`]), kept by the library.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SearchDocument {
    /// The tutor profile.
    pub tutor_profile_id: TutorProfileId,
    /// Spellings from the headline.
    pub headline_terms: String,
    /// Spellings from the bio.
    pub bio_terms: String,
    /// Spellings from the names of the subjects actively taught.
    pub subject_terms: String,
    /// When the document's text last changed.
    pub updated_at: DateTime<Utc>,
}

impl SearchDocument {
    /// The document's fields for relevance scoring.
    pub fn terms(&self) -> DocumentTerms {
        DocumentTerms {
            headline: self.headline_terms.clone(),
            bio: self.bio_terms.clone(),
            subjects: self.subject_terms.clone(),
        }
    }
}

/// Tutor search.
#[async_trait]
pub trait SearchRepo {
    /// Those of these tutors that are bookable — profile active, account active, at least one
    /// active offering of an active subject — with all of their active offerings, by id.
    async fn bookable_candidates(&mut self, ids: &[TutorProfileId]) -> Result<Vec<Candidate>>;
    /// Up to `limit` matching tutors (all without a limit) in the plan's order, strictly
    /// after `after`: one statement over the search table.
    async fn search_page(
        &mut self,
        plan: &SearchPlan,
        after: Option<&SortKey>,
        limit: Option<u32>,
    ) -> Result<Vec<PageRow>>;
    /// [`SearchRepo::search_page`] and the page's cards ([`SearchRepo::bookable_candidates`]
    /// of its tutors) in one statement: the common search (no radius, no availability
    /// window) is then one round trip when the page shows every match. One snapshot serves
    /// both, so every page tutor has its card.
    async fn search_page_with_cards(
        &mut self,
        plan: &SearchPlan,
        after: Option<&SortKey>,
        limit: u32,
    ) -> Result<(Vec<PageRow>, Vec<Candidate>)>;
    /// How many tutors match the plan, reading at most `rows` search rows: the count of
    /// distinct tutors among them, and whether that is all of them.
    async fn search_count(&mut self, plan: &SearchPlan, rows: u32) -> Result<(i64, bool)>;
    /// Rewrites the search rows of these tutors from the tables they are made of (none for a
    /// tutor that is not bookable).
    async fn refresh_search_rows(&mut self, ids: &[TutorProfileId]) -> Result<()>;
    /// The search documents of these tutors (those that have one).
    async fn search_documents(&mut self, ids: &[TutorProfileId]) -> Result<Vec<SearchDocument>>;
    /// Inserts or replaces a tutor's search document.
    async fn upsert_search_document(&mut self, doc: &SearchDocument) -> Result<()>;
    /// Inserts or replaces many search documents, many per statement; a document whose text is
    /// unchanged is left as it is (its `updated_at` too): rewriting it would rewrite its
    /// full-text index entry for nothing.
    async fn upsert_search_documents(&mut self, docs: &[SearchDocument]) -> Result<()>;
    /// What the search documents of up to `limit` tutor profiles (any status) are made of, in
    /// id order, starting after `after` (`None`: from the first): two queries a page, for
    /// set-based rebuilds.
    async fn document_sources(
        &mut self,
        after: Option<TutorProfileId>,
        limit: u32,
    ) -> Result<Vec<DocumentSource>>;
}

/// A tutor's headline, bio and the names of the subjects they actively teach (active
/// offerings of active subjects, oldest offering first): what [`crate::search::document`]
/// turns into a search document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSource {
    /// The tutor profile.
    pub tutor_profile_id: TutorProfileId,
    /// Its headline.
    pub headline: Option<String>,
    /// Its bio.
    pub bio: Option<String>,
    /// The subject names.
    pub subjects: Vec<String>,
}

/// One tutor of a search page, with what the next steps need.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRow {
    /// Its position in the order.
    pub key: SortKey,
    /// Its lowest matching price, in minor units.
    pub price_minor: i64,
    /// Its position, as the search table keeps it.
    pub lat: Option<f64>,
    /// Its position.
    pub lng: Option<f64>,
}

/// One row per (tutor, active offering).
#[derive(sqlx::FromRow)]
struct CandidateRow {
    tutor_profile_id: TutorProfileId,
    tutor_subject_id: TutorSubjectId,
    subject_id: SubjectId,
    full_name: String,
    headline: Option<String>,
    base_city: Option<String>,
    #[sqlx(try_from = "Num")]
    rating_avg: Decimal,
    rating_count: i32,
    #[sqlx(try_from = "Num")]
    hourly_rate: Decimal,
    currency: Currency,
    is_verified: bool,
    #[sqlx(try_from = "TextList<TeachingMode>")]
    teaching_modes: Vec<TeachingMode>,
    completed_lessons_count: i32,
    created_at: DateTime<Utc>,
    subject_name: String,
    subject_slug: String,
    level: Option<Level>,
    #[sqlx(try_from = "OptNum")]
    price_override: Option<Decimal>,
    #[sqlx(try_from = "OptNum")]
    lat: Option<Decimal>,
    #[sqlx(try_from = "OptNum")]
    lng: Option<Decimal>,
}

const CANDIDATE_COLUMNS: &str = "tp.id AS tutor_profile_id, u.full_name, tp.headline, \
     tp.base_city, tp.rating_avg, tp.rating_count, tp.hourly_rate, tp.currency, tp.is_verified, \
     tp.teaching_modes, tp.completed_lessons_count, tp.created_at, \
     ts.id AS tutor_subject_id, ts.subject_id, s.name AS subject_name, s.slug AS subject_slug, \
     ts.level, ts.price_override, a.lat, a.lng";
/// What joins a profile (`tp`) to its account, active offerings, their subjects and its primary
/// address, and keeps the bookable ones ([`crate::bookable`]).
const CANDIDATE_JOINS: &str = "JOIN users u ON u.id = tp.user_id \
     JOIN tutor_subjects ts ON ts.tutor_profile_id = tp.id AND ts.is_active = TRUE \
     JOIN subjects s ON s.id = ts.subject_id AND s.is_active = TRUE \
     LEFT JOIN user_addresses a ON a.id = (SELECT pa.id FROM user_addresses pa \
       WHERE pa.user_id = tp.user_id AND pa.is_primary = TRUE ORDER BY pa.created_at, pa.id LIMIT 1) \
     WHERE tp.status = 'active' AND tp.deleted_at IS NULL \
     AND u.status = 'active' AND u.deleted_at IS NULL";

/// Adds one (tutor, offering) row to the cards being built: the tutor's card the first time,
/// the offering every time (rows come in offering order).
fn add_card(by_tutor: &mut BTreeMap<TutorProfileId, Candidate>, r: CandidateRow) {
    let offering = Offering {
        tutor_subject_id: r.tutor_subject_id,
        subject_id: r.subject_id,
        subject_name: r.subject_name,
        subject_slug: r.subject_slug,
        level: r.level,
        price_override: r.price_override.map(|p| p.normalize()),
    };
    by_tutor
        .entry(r.tutor_profile_id)
        .or_insert_with(|| Candidate {
            id: r.tutor_profile_id,
            full_name: r.full_name,
            headline: r.headline,
            city: r.base_city,
            rating_avg: r.rating_avg.normalize(),
            rating_count: r.rating_count,
            hourly_rate: r.hourly_rate.normalize(),
            currency: r.currency,
            is_verified: r.is_verified,
            teaching_modes: r.teaching_modes,
            completed_lessons: r.completed_lessons_count,
            created_at: r.created_at,
            location: r.lat.zip(r.lng),
            offerings: Vec::new(),
        })
        .offerings
        .push(offering);
}

/// A page row with one of its tutor's card rows ([`SearchRepo::search_page_with_cards`]).
#[derive(sqlx::FromRow)]
struct PageCardRow {
    #[sqlx(flatten)]
    card: CandidateRow,
    page_price: i64,
    page_lat: Option<f64>,
    page_lng: Option<f64>,
    page_k0: i64,
    page_k1: i64,
    page_k2: i64,
    page_k3: i64,
}

/// The tutors whose document holds every term: on PostgreSQL the same expression as the GIN
/// index of 0005, on SQLite the FTS5 table.
const PG_TEXT: &str = "to_tsvector('simple', d.headline_terms || ' ' || d.bio_terms || ' ' || \
     d.subject_terms) @@ to_tsquery('simple', $?)";
const SQLITE_TEXT: &str = "d.tutor_profile_id IN (SELECT f.tutor_profile_id \
     FROM tutor_search_documents_fts f WHERE tutor_search_documents_fts MATCH $?)";

/// Spellings are `[a-z0-9]+` starting with a letter ([`crate::search::encode`]), so neither
/// query language can see an operator in them; the quoting is belt and braces.
fn tsquery(terms: &[SearchTerm]) -> String {
    let parts: Vec<String> = terms
        .iter()
        .map(|t| format!("'{}'{}", t.spelling, if t.prefix { ":*" } else { "" }))
        .collect();
    parts.join(" & ")
}

fn fts5_query(terms: &[SearchTerm]) -> String {
    let parts: Vec<String> = terms
        .iter()
        .map(|t| format!("\"{}\"{}", t.spelling, if t.prefix { "*" } else { "" }))
        .collect();
    parts.join(" AND ")
}

/// A value bound to a search statement.
enum Bind {
    Text(String),
    Level(Level),
    Real(f64),
    Int(i64),
    Id(TutorProfileId),
}

/// The bound values of a statement being built.
#[derive(Default)]
struct Binds(Vec<Bind>);

impl Binds {
    /// Adds a value; its placeholder.
    fn add(&mut self, b: Bind) -> String {
        self.0.push(b);
        format!("${}", self.0.len())
    }
}

/// Binds every value of `$binds` to `$q`, in order.
macro_rules! bind_all {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in $binds.0 {
            q = match b {
                Bind::Text(s) => q.bind(s),
                Bind::Level(l) => q.bind(l),
                Bind::Real(x) => q.bind(x),
                Bind::Int(n) => q.bind(n),
                Bind::Id(id) => q.bind(id),
            };
        }
        q
    }};
}

/// The relevance of document `d` for one term: [`RELEVANCE_LADDER`] as a `CASE`. Spellings are
/// `[a-z0-9]+`, so they hold no `LIKE` wildcard; the fields are space-separated spellings.
fn relevance_case(t: &SearchTerm, binds: &mut Binds) -> String {
    let mut sql = String::from("CASE");
    for (field, whole, score) in RELEVANCE_LADDER {
        if !whole && !t.prefix {
            continue;
        }
        let column = match field {
            DocumentField::Subjects => "d.subject_terms",
            DocumentField::Headline => "d.headline_terms",
            DocumentField::Bio => "d.bio_terms",
        };
        let pattern = if *whole {
            format!("% {} %", t.spelling)
        } else {
            format!("% {}%", t.spelling)
        };
        let p = binds.add(Bind::Text(pattern));
        sql.push_str(&format!(
            " WHEN ' ' || {column} || ' ' LIKE {p} THEN {score}"
        ));
    }
    sql.push_str(" ELSE 0 END");
    sql
}

/// The documents holding every term of the plan, with `columns` and their `relevance` (one
/// score per term by [`RELEVANCE_LADDER`], each above zero), found through the full-text
/// index and restricted by `condition`.
fn scored_documents(
    plan: &SearchPlan,
    d: super::Dialect,
    binds: &mut Binds,
    columns: &str,
    condition: &str,
) -> String {
    let scores: Vec<String> = plan
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{} AS s{i}", relevance_case(t, binds)))
        .collect();
    let (fragment, query) = match d {
        super::Dialect::Postgres => (PG_TEXT, tsquery(&plan.terms)),
        super::Dialect::Sqlite => (SQLITE_TEXT, fts5_query(&plan.terms)),
    };
    let p = binds.add(Bind::Text(query));
    let n = plan.terms.len();
    let sum: Vec<String> = (0..n).map(|i| format!("x.s{i}")).collect();
    let all: Vec<String> = (0..n).map(|i| format!("x.s{i} > 0")).collect();
    format!(
        "(SELECT x.*, {} AS relevance FROM (SELECT d.tutor_profile_id, {columns}{} \
         FROM tutor_search_documents d WHERE {condition}{}) x WHERE {})",
        sum.join(" + "),
        scores.join(", "),
        fragment.replace("$?", &p),
        all.join(" AND ")
    )
}

/// `FROM … WHERE …` of a search: the search table, joined with the scored documents when the
/// search has text, and every filter of the plan.
fn matching(plan: &SearchPlan, d: super::Dialect, binds: &mut Binds) -> String {
    let mut sql = String::from(" FROM tutor_search_offerings o");
    if per_tutor(plan) {
        // Text without an offering filter: the documents hold every per-tutor value, so the
        // full-text index's rows are the search rows (`o`, one per tutor, with its relevance).
        let documents = scored_documents(
            plan,
            d,
            binds,
            "d.price_minor, d.rating_rank, d.ratings_rank, d.lessons_rank, d.newest_rank, \
             d.is_verified, d.city_key, d.online, d.offline, d.lat, d.lng, ",
            "d.bookable = TRUE AND ",
        );
        sql = format!(" FROM {documents} o");
    } else if !plan.terms.is_empty() {
        let documents = scored_documents(plan, d, binds, "", "");
        sql.push_str(&format!(
            " JOIN {documents} t ON t.tutor_profile_id = o.tutor_profile_id"
        ));
    }
    sql.push_str(" WHERE TRUE");
    if let Some(slug) = &plan.subject {
        let p = binds.add(Bind::Text(slug.clone()));
        sql.push_str(&format!(
            " AND o.subject_id = (SELECT id FROM subjects WHERE slug = {p})"
        ));
    }
    if let Some(level) = plan.level {
        let p = binds.add(Bind::Level(level));
        sql.push_str(&format!(" AND o.level = {p}"));
    }
    if let Some(city) = &plan.city_key {
        let p = binds.add(Bind::Text(city.clone()));
        sql.push_str(&format!(" AND o.city_key = {p}"));
    }
    if let Some(lo) = plan.min_price_minor {
        let p = binds.add(Bind::Int(lo));
        sql.push_str(&format!(" AND o.price_minor >= {p}"));
    }
    if let Some(hi) = plan.max_price_minor {
        let p = binds.add(Bind::Int(hi));
        sql.push_str(&format!(" AND o.price_minor <= {p}"));
    }
    if let Some(r) = plan.max_rating_rank {
        let p = binds.add(Bind::Int(r));
        sql.push_str(&format!(" AND o.rating_rank <= {p}"));
    }
    if plan.verified_only {
        sql.push_str(" AND o.is_verified = TRUE");
    }
    if plan.online {
        sql.push_str(" AND o.online = TRUE");
    }
    if plan.offline {
        sql.push_str(" AND o.offline = TRUE");
    }
    if let Some(b) = plan.bbox {
        let lo = binds.add(Bind::Real(b.min_lat));
        let hi = binds.add(Bind::Real(b.max_lat));
        sql.push_str(&format!(" AND o.lat BETWEEN {lo} AND {hi}"));
        if let Some((w, e)) = b.lng {
            let lo = binds.add(Bind::Real(w));
            let hi = binds.add(Bind::Real(e));
            sql.push_str(&format!(" AND o.lng BETWEEN {lo} AND {hi}"));
        }
    }
    sql
}

/// Whether the plan reads one row per tutor (the search documents): text and no filter on
/// offerings.
fn per_tutor(plan: &SearchPlan) -> bool {
    !plan.terms.is_empty()
        && plan.subject.is_none()
        && plan.level.is_none()
        && plan.min_price_minor.is_none()
        && plan.max_price_minor.is_none()
}

/// A key of an order as SQL over the search rows (`o`) and the scored documents (`t`, or `o`
/// itself when it is made of documents), and whether it is an aggregate over the tutor's
/// matching offerings. Without text every relevance is 0.
fn key_sql(k: SortColumn, plan: &SearchPlan) -> (&'static str, bool) {
    match k {
        SortColumn::NegRelevance if per_tutor(plan) => ("-o.relevance", false),
        SortColumn::NegRelevance if !plan.terms.is_empty() => ("-t.relevance", false),
        SortColumn::NegRelevance => ("0", false),
        SortColumn::RatingRank => ("o.rating_rank", false),
        SortColumn::RatingsRank => ("o.ratings_rank", false),
        SortColumn::LessonsRank => ("o.lessons_rank", false),
        SortColumn::NewestRank => ("o.newest_rank", false),
        SortColumn::Price => ("MIN(o.price_minor)", true),
        SortColumn::NegPrice => ("-MIN(o.price_minor)", true),
    }
}

/// The most keys an order has ([`crate::search::SearchSort::keys`]).
const MAX_KEYS: usize = 4;

/// A search page statement: the plan's matching tutors grouped (one row per tutor, its lowest
/// matching price), in the order's keys, after the cursor, up to the limit. The grouping
/// follows the order's keys, so an index in that order serves both and the scan stops after
/// the page.
fn page_sql(
    plan: &SearchPlan,
    after: Option<&SortKey>,
    limit: Option<u32>,
    d: super::Dialect,
    binds: &mut Binds,
) -> String {
    let keys: Vec<(&str, bool)> = plan.sort.keys().iter().map(|k| key_sql(*k, plan)).collect();
    let mut select: Vec<String> = keys
        .iter()
        .enumerate()
        .map(|(i, (e, _))| format!("CAST({e} AS BIGINT) AS k{i}"))
        .collect();
    while select.len() < MAX_KEYS {
        select.push(format!("CAST(0 AS BIGINT) AS k{}", select.len()));
    }
    let mut sql = format!(
        "SELECT o.tutor_profile_id, MIN(o.price_minor) AS price_minor, MIN(o.lat) AS lat, \
         MIN(o.lng) AS lng, {}",
        select.join(", ")
    );
    sql.push_str(&matching(plan, d, binds));
    let aggregate = keys.iter().any(|(_, a)| *a);
    let cursor = after.map(|k| {
        let mut values: Vec<String> = k.values.iter().map(|v| binds.add(Bind::Int(*v))).collect();
        values.push(binds.add(Bind::Id(k.id)));
        let mut columns: Vec<&str> = keys.iter().map(|(e, _)| *e).collect();
        columns.push("o.tutor_profile_id");
        format!("({}) > ({})", columns.join(", "), values.join(", "))
    });
    if let (Some(c), false) = (&cursor, aggregate) {
        sql.push_str(&format!(" AND {c}"));
    }
    let mut group: Vec<&str> = keys
        .iter()
        .filter(|(e, a)| !a && *e != "0")
        .map(|(e, _)| e.trim_start_matches('-'))
        .collect();
    group.push("o.tutor_profile_id");
    sql.push_str(&format!(" GROUP BY {}", group.join(", ")));
    if let (Some(c), true) = (&cursor, aggregate) {
        sql.push_str(&format!(" HAVING {c}"));
    }
    let mut order: Vec<&str> = keys.iter().map(|(e, _)| *e).filter(|e| *e != "0").collect();
    order.push("o.tutor_profile_id");
    sql.push_str(&format!(" ORDER BY {}", order.join(", ")));
    if let Some(n) = limit {
        let p = binds.add(Bind::Int(i64::from(n)));
        sql.push_str(&format!(" LIMIT {p}"));
    }
    sql
}

/// Most ids bound in one `IN (…)` list (SQLite allows 32,766 parameters, PostgreSQL 65,535).
const IDS_PER_QUERY: usize = 500;

/// A stored search row, as read back to compare.
type StoredRow = (
    TutorSubjectId,
    TutorProfileId,
    SubjectId,
    Option<Level>,
    i64,
    i32,
    i32,
    i32,
    i64,
    bool,
    String,
    bool,
    bool,
    Option<f64>,
    Option<f64>,
);

fn from_stored(r: StoredRow) -> SearchRow {
    SearchRow {
        tutor_subject_id: r.0,
        tutor_profile_id: r.1,
        subject_id: r.2,
        level: r.3,
        price_minor: r.4,
        rating_rank: r.5,
        ratings_rank: r.6,
        lessons_rank: r.7,
        newest_rank: r.8,
        is_verified: r.9,
        city_key: r.10,
        online: r.11,
        offline: r.12,
        lat: r.13,
        lng: r.14,
    }
}

#[cfg(feature = "postgres")]
impl sqlx::Type<sqlx::Postgres> for IdList {
    fn type_info() -> sqlx::postgres::PgTypeInfo {
        <Vec<uuid::Uuid> as sqlx::Type<sqlx::Postgres>>::type_info()
    }
}

#[cfg(feature = "postgres")]
impl sqlx::Encode<'_, sqlx::Postgres> for IdList {
    fn encode_by_ref(
        &self,
        buf: &mut sqlx::postgres::PgArgumentBuffer,
    ) -> std::result::Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <Vec<uuid::Uuid> as sqlx::Encode<sqlx::Postgres>>::encode_by_ref(&self.0, buf)
    }
}

#[cfg(feature = "sqlite")]
impl sqlx::Type<sqlx::Sqlite> for IdList {
    fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
        <str as sqlx::Type<sqlx::Sqlite>>::type_info()
    }
}

#[cfg(feature = "sqlite")]
impl sqlx::Encode<'_, sqlx::Sqlite> for IdList {
    fn encode_by_ref(
        &self,
        buf: &mut sqlx::sqlite::SqliteArgumentsBuffer,
    ) -> std::result::Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        // Hyphenated lower case: how SQLite stores every id.
        let text: Vec<String> = self.0.iter().map(|u| u.hyphenated().to_string()).collect();
        <String as sqlx::Encode<sqlx::Sqlite>>::encode(serde_json::to_string(&text)?, buf)
    }
}

/// The columns of `tutor_search_offerings`, in the order [`SearchRow`] binds them.
const ROW_COLUMNS: [&str; 15] = [
    "tutor_subject_id",
    "tutor_profile_id",
    "subject_id",
    "level",
    "price_minor",
    "rating_rank",
    "ratings_rank",
    "lessons_rank",
    "newest_rank",
    "is_verified",
    "city_key",
    "online",
    "offline",
    "lat",
    "lng",
];

#[async_trait]
impl SearchRepo for Tx {
    async fn bookable_candidates(&mut self, ids: &[TutorProfileId]) -> Result<Vec<Candidate>> {
        let mut by_tutor: BTreeMap<TutorProfileId, Candidate> = BTreeMap::new();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        {
            let rows: Vec<CandidateRow> = on_tx!(self, c, d => {
                // On SQLite the list drives the join: given `tp.id IN (list)`, its planner
                // (3.51) walks every active profile by the status index and probes the list
                // (3–12 ms against 0.35 ms for a page of 20 at 10k tutors).
                let (list, among) = match d {
                    super::Dialect::Postgres => ("", among("tp.id", ids.len(), d)),
                    super::Dialect::Sqlite => (
                        "(SELECT DISTINCT value AS id FROM json_each($1)) AS ids CROSS JOIN",
                        "tp.id = ids.id".to_string(),
                    ),
                };
                let sql = format!(
                    "SELECT {CANDIDATE_COLUMNS} FROM {list} tutor_profiles tp {CANDIDATE_JOINS} \
                     AND {among} ORDER BY tp.id, ts.created_at, ts.id"
                );
                sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(IdList::new(ids))
                    .fetch_all(&mut *c)
                    .await?
            });
            for r in rows {
                add_card(&mut by_tutor, r);
            }
        }
        Ok(by_tutor.into_values().collect())
    }

    async fn search_page(
        &mut self,
        plan: &SearchPlan,
        after: Option<&SortKey>,
        limit: Option<u32>,
    ) -> Result<Vec<PageRow>> {
        type Raw = (
            TutorProfileId,
            i64,
            Option<f64>,
            Option<f64>,
            i64,
            i64,
            i64,
            i64,
        );
        let rows: Vec<Raw> = on_tx!(self, c, d => {
            let mut binds = Binds::default();
            let sql = page_sql(plan, after, limit, d, &mut binds);
            bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), binds)
                .fetch_all(&mut *c)
                .await?
        });
        let n = plan.sort.keys().len();
        Ok(rows
            .into_iter()
            .map(|(id, price_minor, lat, lng, k0, k1, k2, k3)| {
                let mut values = vec![k0, k1, k2, k3];
                values.truncate(n);
                PageRow {
                    key: SortKey { values, id },
                    price_minor,
                    lat,
                    lng,
                }
            })
            .collect())
    }

    async fn search_page_with_cards(
        &mut self,
        plan: &SearchPlan,
        after: Option<&SortKey>,
        limit: u32,
    ) -> Result<(Vec<PageRow>, Vec<Candidate>)> {
        let rows: Vec<PageCardRow> = on_tx!(self, c, d => {
            let mut binds = Binds::default();
            let page = page_sql(plan, after, Some(limit), d, &mut binds);
            // `CROSS JOIN` keeps the page the outer loop on SQLite, whose planner (3.51) would
            // otherwise walk every active profile and probe the page (15 ms against 0.2 ms at
            // 10k tutors); PostgreSQL reads it as a plain join.
            let sql = format!(
                "WITH page AS ({page}) SELECT {CANDIDATE_COLUMNS}, \
                 page.price_minor AS page_price, page.lat AS page_lat, page.lng AS page_lng, \
                 page.k0 AS page_k0, page.k1 AS page_k1, page.k2 AS page_k2, page.k3 AS page_k3 \
                 FROM page CROSS JOIN tutor_profiles tp \
                 {CANDIDATE_JOINS} AND tp.id = page.tutor_profile_id \
                 ORDER BY page.k0, page.k1, page.k2, page.k3, page.tutor_profile_id, \
                 ts.created_at, ts.id"
            );
            bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), binds)
                .fetch_all(&mut *c)
                .await?
        });
        let n = plan.sort.keys().len();
        let mut page: Vec<PageRow> = Vec::new();
        let mut cards: BTreeMap<TutorProfileId, Candidate> = BTreeMap::new();
        for r in rows {
            let id = r.card.tutor_profile_id;
            if page.last().is_none_or(|p| p.key.id != id) {
                let mut values = vec![r.page_k0, r.page_k1, r.page_k2, r.page_k3];
                values.truncate(n);
                page.push(PageRow {
                    key: SortKey { values, id },
                    price_minor: r.page_price,
                    lat: r.page_lat,
                    lng: r.page_lng,
                });
            }
            add_card(&mut cards, r.card);
        }
        Ok((page, cards.into_values().collect()))
    }

    async fn search_count(&mut self, plan: &SearchPlan, rows: u32) -> Result<(i64, bool)> {
        // Rows, not groups, are limited: a LIMIT over groups lets the planner walk every row
        // in tutor order to stop early, which it cannot (measured: 51 ms against 3 ms).
        let (tutors, read): (i64, i64) = on_tx!(self, c, d => {
            let mut binds = Binds::default();
            let mut sql = String::from(
                "SELECT COUNT(DISTINCT x.tutor_profile_id), COUNT(*) FROM \
                 (SELECT o.tutor_profile_id",
            );
            sql.push_str(&matching(plan, d, &mut binds));
            let p = binds.add(Bind::Int(i64::from(rows) + 1));
            sql.push_str(&format!(" LIMIT {p}) x"));
            bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), binds)
                .fetch_one(&mut *c)
                .await?
        });
        Ok((tutors, read <= i64::from(rows)))
    }

    async fn refresh_search_rows(&mut self, ids: &[TutorProfileId]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        {
            let rows: Vec<SearchRow> = self
                .bookable_candidates(ids)
                .await?
                .iter()
                .flat_map(search::search_rows)
                .collect();
            self.refresh_document_values(ids, &rows).await?;
            // Only what changed is written: every row carries six indexes (measured: a
            // rebuild that rewrote all 214k rows of 100k tutors spent 13 s inserting).
            let stored: Vec<StoredRow> = on_tx!(self, c, d => {
                let sql = format!(
                    "SELECT {} FROM tutor_search_offerings WHERE {}",
                    ROW_COLUMNS.join(", "),
                    among("tutor_profile_id", ids.len(), d)
                );
                sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(IdList::new(ids))
                    .fetch_all(&mut *c)
                    .await?
            });
            let stored: std::collections::HashMap<TutorSubjectId, SearchRow> =
                stored.into_iter().map(|r| (r.0, from_stored(r))).collect();
            let wanted: std::collections::HashMap<TutorSubjectId, &SearchRow> =
                rows.iter().map(|r| (r.tutor_subject_id, r)).collect();
            let gone: Vec<uuid::Uuid> = stored
                .values()
                .filter(|r| wanted.get(&r.tutor_subject_id) != Some(r))
                .map(|r| r.tutor_subject_id.as_uuid())
                .collect();
            if !gone.is_empty() {
                on_tx!(self, c, d => {
                    let sql = format!(
                        "DELETE FROM tutor_search_offerings WHERE {}",
                        among("tutor_subject_id", gone.len(), d)
                    );
                    sqlx::query(sqlx::AssertSqlSafe(sql))
                        .bind(IdList(gone))
                        .execute(&mut *c)
                        .await?;
                });
            }
            let rows: Vec<&SearchRow> = rows
                .iter()
                .filter(|r| stored.get(&r.tutor_subject_id) != Some(*r))
                .collect();
            let per_statement = super::bulk::max_values(self.backend()) / ROW_COLUMNS.len();
            for rows in rows.chunks(per_statement) {
                let sql = super::bulk::values_sql(
                    &format!(
                        "INSERT INTO tutor_search_offerings ({}) VALUES ",
                        ROW_COLUMNS.join(", ")
                    ),
                    ROW_COLUMNS.len(),
                    rows.len(),
                );
                on_tx!(self, c => {
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for r in rows {
                        q = q
                            .bind(r.tutor_subject_id)
                            .bind(r.tutor_profile_id)
                            .bind(r.subject_id)
                            .bind(r.level)
                            .bind(r.price_minor)
                            .bind(r.rating_rank)
                            .bind(r.ratings_rank)
                            .bind(r.lessons_rank)
                            .bind(r.newest_rank)
                            .bind(r.is_verified)
                            .bind(r.city_key.as_str())
                            .bind(r.online)
                            .bind(r.offline)
                            .bind(r.lat)
                            .bind(r.lng);
                    }
                    q.execute(&mut *c).await?;
                });
            }
        }
        Ok(())
    }

    async fn upsert_search_documents(&mut self, docs: &[SearchDocument]) -> Result<()> {
        let per_statement = (super::bulk::max_values(self.backend()) / 5).max(1);
        for chunk in docs.chunks(per_statement) {
            let sql = format!(
                "{} ON CONFLICT (tutor_profile_id) DO UPDATE SET \
                 headline_terms = excluded.headline_terms, bio_terms = excluded.bio_terms, \
                 subject_terms = excluded.subject_terms, updated_at = excluded.updated_at \
                 WHERE tutor_search_documents.headline_terms <> excluded.headline_terms \
                 OR tutor_search_documents.bio_terms <> excluded.bio_terms \
                 OR tutor_search_documents.subject_terms <> excluded.subject_terms",
                super::bulk::values_sql(
                    "INSERT INTO tutor_search_documents \
                     (tutor_profile_id, headline_terms, bio_terms, subject_terms, updated_at) \
                     VALUES ",
                    5,
                    chunk.len()
                )
            );
            on_tx!(self, c => {
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
                for d in chunk {
                    q = q
                        .bind(d.tutor_profile_id)
                        .bind(d.headline_terms.as_str())
                        .bind(d.bio_terms.as_str())
                        .bind(d.subject_terms.as_str())
                        .bind(d.updated_at);
                }
                q.execute(&mut *c).await?;
            });
        }
        Ok(())
    }

    async fn document_sources(
        &mut self,
        after: Option<TutorProfileId>,
        limit: u32,
    ) -> Result<Vec<DocumentSource>> {
        // The nil id sorts first both as a uuid and as hyphenated text.
        let after = after.unwrap_or(TutorProfileId::from_uuid(uuid::Uuid::nil()));
        let profiles: Vec<(TutorProfileId, Option<String>, Option<String>)> = on_tx!(self, c => {
            sqlx::query_as(
                "SELECT id, headline, bio FROM tutor_profiles WHERE id > $1 ORDER BY id LIMIT $2",
            )
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(&mut *c)
            .await?
        });
        let Some(last) = profiles.last().map(|p| p.0) else {
            return Ok(Vec::new());
        };
        let names: Vec<(TutorProfileId, String)> = on_tx!(self, c => {
            sqlx::query_as(
                "SELECT ts.tutor_profile_id, s.name FROM tutor_subjects ts \
                 JOIN subjects s ON s.id = ts.subject_id AND s.is_active = TRUE \
                 WHERE ts.is_active = TRUE AND ts.tutor_profile_id > $1 \
                 AND ts.tutor_profile_id <= $2 \
                 ORDER BY ts.tutor_profile_id, ts.created_at, ts.id",
            )
            .bind(after)
            .bind(last)
            .fetch_all(&mut *c)
            .await?
        });
        let mut names = names.into_iter().peekable();
        Ok(profiles
            .into_iter()
            .map(|(id, headline, bio)| {
                let mut subjects = Vec::new();
                while let Some((_, name)) = names.next_if(|(t, _)| *t == id) {
                    subjects.push(name);
                }
                DocumentSource {
                    tutor_profile_id: id,
                    headline,
                    bio,
                    subjects,
                }
            })
            .collect())
    }

    async fn search_documents(&mut self, ids: &[TutorProfileId]) -> Result<Vec<SearchDocument>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(IDS_PER_QUERY) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT * FROM tutor_search_documents WHERE tutor_profile_id IN ({})",
                placeholders.join(", ")
            );
            let docs: Vec<SearchDocument> = on_tx!(self, c => {
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
                for id in chunk {
                    q = q.bind(*id);
                }
                q.fetch_all(&mut *c).await?
            });
            out.extend(docs);
        }
        Ok(out)
    }

    async fn upsert_search_document(&mut self, doc: &SearchDocument) -> Result<()> {
        on_tx!(self, c => {
            sqlx::query(
                "INSERT INTO tutor_search_documents \
                 (tutor_profile_id, headline_terms, bio_terms, subject_terms, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (tutor_profile_id) DO UPDATE SET \
                 headline_terms = excluded.headline_terms, bio_terms = excluded.bio_terms, \
                 subject_terms = excluded.subject_terms, updated_at = excluded.updated_at",
            )
            .bind(doc.tutor_profile_id)
            .bind(doc.headline_terms.clone())
            .bind(doc.bio_terms.clone())
            .bind(doc.subject_terms.clone())
            .bind(doc.updated_at)
            .execute(&mut *c)
            .await?;
        });
        Ok(())
    }
}

/// The per-tutor columns of `tutor_search_documents`, in the order
/// [`Tx::refresh_document_values`] binds them.
const DOCUMENT_VALUES: [&str; 12] = [
    "bookable",
    "price_minor",
    "rating_rank",
    "ratings_rank",
    "lessons_rank",
    "newest_rank",
    "is_verified",
    "city_key",
    "online",
    "offline",
    "lat",
    "lng",
];

impl Tx {
    /// Writes the per-tutor search values onto the documents of `ids`: from the first of each
    /// tutor's `rows` (they share them) and the lowest price; not bookable (and no values)
    /// without rows. Only documents whose values changed are written: a document row update
    /// also rewrites its full-text index entry on PostgreSQL (measured: a rebuild that changed
    /// nothing spent 4.6 s of 21 s rewriting unchanged documents).
    async fn refresh_document_values(
        &mut self,
        ids: &[TutorProfileId],
        rows: &[SearchRow],
    ) -> Result<()> {
        // Rows come grouped by tutor (bookable_candidates reads in tutor order).
        let mut first: std::collections::HashMap<TutorProfileId, (&SearchRow, i64)> =
            std::collections::HashMap::new();
        for r in rows {
            first
                .entry(r.tutor_profile_id)
                .and_modify(|(_, price)| *price = (*price).min(r.price_minor))
                .or_insert((r, r.price_minor));
        }
        let width = DOCUMENT_VALUES.len() + 1;
        let per_statement = super::bulk::max_values(self.backend()) / width;
        // VALUES names its columns column1, column2, … on both databases.
        let sets: Vec<String> = DOCUMENT_VALUES
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = v.column{}", i + 2))
            .collect();
        let changed: Vec<String> = DOCUMENT_VALUES
            .iter()
            .enumerate()
            .map(|(i, c)| format!("d.{c} IS DISTINCT FROM v.column{}", i + 2))
            .collect();
        for chunk in ids.chunks(per_statement) {
            let sql = format!(
                "UPDATE tutor_search_documents AS d SET {} FROM ({}) AS v \
                 WHERE d.tutor_profile_id = v.column1 AND ({})",
                sets.join(", "),
                super::bulk::values_sql("VALUES ", width, chunk.len()),
                changed.join(" OR ")
            );
            on_tx!(self, c => {
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for id in chunk {
                    let v = first.get(id);
                    let row = v.map(|(r, _)| *r);
                    q = q
                        .bind(*id)
                        .bind(v.is_some())
                        .bind(v.map(|(_, price)| *price))
                        .bind(row.map(|r| r.rating_rank))
                        .bind(row.map(|r| r.ratings_rank))
                        .bind(row.map(|r| r.lessons_rank))
                        .bind(row.map(|r| r.newest_rank))
                        .bind(row.map(|r| r.is_verified))
                        .bind(row.map(|r| r.city_key.as_str()))
                        .bind(row.map(|r| r.online))
                        .bind(row.map(|r| r.offline))
                        .bind(row.and_then(|r| r.lat))
                        .bind(row.and_then(|r| r.lng));
                }
                q.execute(&mut *c).await?;
            });
        }
        Ok(())
    }
}

/// What a write touched that search rows are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SearchStale {
    /// A profile or one of its offerings.
    Tutor(TutorProfileId),
    /// An account or its addresses (its tutor profile, if any).
    User(UserId),
    /// A subject (every tutor teaching it).
    Subject(SubjectId),
}

impl Tx {
    /// Notes that the search rows made of `what` must be rewritten before this transaction
    /// commits.
    pub(crate) fn mark_search_stale(&mut self, what: SearchStale) {
        if !self.search_stale.contains(&what) {
            self.search_stale.push(what);
        }
    }

    /// Rewrites the search rows of everything marked stale.
    pub(crate) async fn refresh_stale_search(&mut self) -> Result<()> {
        let stale = std::mem::take(&mut self.search_stale);
        if stale.is_empty() || self.poisoned {
            return Ok(());
        }
        let mut ids = std::collections::BTreeSet::new();
        for what in stale {
            let found: Vec<TutorProfileId> = match what {
                SearchStale::Tutor(id) => vec![id],
                SearchStale::User(user) => on_tx!(self, c => {
                    sqlx::query_scalar("SELECT id FROM tutor_profiles WHERE user_id = $1")
                        .bind(user)
                        .fetch_all(&mut *c)
                        .await?
                }),
                SearchStale::Subject(subject) => on_tx!(self, c => {
                    sqlx::query_scalar(
                        "SELECT DISTINCT tutor_profile_id FROM tutor_subjects WHERE subject_id = $1",
                    )
                    .bind(subject)
                    .fetch_all(&mut *c)
                    .await?
                }),
            };
            ids.extend(found);
        }
        let ids: Vec<TutorProfileId> = ids.into_iter().collect();
        self.refresh_search_rows(&ids).await
    }
}

/// Profiles whose search rows [`Tx::refresh_all_search_rows`] rewrites per round.
const REFRESH_PAGE: i64 = 20_000;

impl Tx {
    /// Rewrites every tutor's search rows, in pages of profiles by id.
    pub(crate) async fn refresh_all_search_rows(&mut self) -> Result<()> {
        // The nil id sorts first both as a uuid and as hyphenated text.
        let mut after = TutorProfileId::from_uuid(uuid::Uuid::nil());
        loop {
            let ids: Vec<TutorProfileId> = on_tx!(self, c => {
                sqlx::query_scalar(
                    "SELECT id FROM tutor_profiles WHERE id > $1 ORDER BY id LIMIT $2",
                )
                .bind(after)
                .bind(REFRESH_PAGE)
                .fetch_all(&mut *c)
                .await?
            });
            let Some(last) = ids.last() else {
                return Ok(());
            };
            after = *last;
            self.refresh_search_rows(&ids).await?;
        }
    }
}
