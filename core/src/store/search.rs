//! Tutor search: finding candidates (the filters an index answers) and keeping each tutor's
//! search document. What a word is, how well a tutor matches and the order of results are
//! decided in [`crate::search`], identically for both databases; here each database only uses
//! its own full-text index (tsvector + GIN on PostgreSQL, FTS5 on SQLite) to find the tutors
//! whose document holds every term.

use super::{Tx, on_tx};
use crate::error::Result;
use crate::search::{Candidate, CandidateFilter, DocumentTerms, Offering, SearchTerm};
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
    /// When the document was last rebuilt.
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
    /// Every bookable tutor passing `filter` — profile active, account active, at least one
    /// active offering of an active subject (matching the subject/level filter) — with all of
    /// its active offerings, in tutor id order.
    async fn search_candidates(&mut self, filter: &CandidateFilter) -> Result<Vec<Candidate>>;
    /// The search documents of these tutors (those that have one).
    async fn search_documents(&mut self, ids: &[TutorProfileId]) -> Result<Vec<SearchDocument>>;
    /// Inserts or replaces a tutor's search document.
    async fn upsert_search_document(&mut self, doc: &SearchDocument) -> Result<()>;
    /// Inserts or replaces many search documents, many per statement.
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

/// One row per (tutor, active offering).
#[derive(sqlx::FromRow)]
struct CandidateRow {
    tutor_profile_id: TutorProfileId,
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

const CANDIDATES: &str = "SELECT tp.id AS tutor_profile_id, u.full_name, tp.headline, tp.base_city, \
     tp.rating_avg, tp.rating_count, tp.hourly_rate, tp.currency, tp.is_verified, \
     tp.teaching_modes, tp.completed_lessons_count, tp.created_at, \
     s.name AS subject_name, s.slug AS subject_slug, ts.level, ts.price_override, a.lat, a.lng \
     FROM tutor_profiles tp \
     JOIN users u ON u.id = tp.user_id \
     JOIN tutor_subjects ts ON ts.tutor_profile_id = tp.id AND ts.is_active = TRUE \
     JOIN subjects s ON s.id = ts.subject_id AND s.is_active = TRUE \
     LEFT JOIN user_addresses a ON a.id = (SELECT pa.id FROM user_addresses pa \
       WHERE pa.user_id = tp.user_id AND pa.is_primary = TRUE ORDER BY pa.created_at, pa.id LIMIT 1) \
     WHERE tp.status = 'active' AND tp.deleted_at IS NULL \
     AND u.status = 'active' AND u.deleted_at IS NULL";

/// Documents whose index holds every term: the same expression as the GIN index of 0005.
const PG_TEXT: &str = " AND tp.id IN (SELECT d.tutor_profile_id FROM tutor_search_documents d \
     WHERE to_tsvector('simple', d.headline_terms || ' ' || d.bio_terms || ' ' || d.subject_terms) \
     @@ to_tsquery('simple', $?))";
const SQLITE_TEXT: &str = " AND tp.id IN (SELECT f.tutor_profile_id FROM tutor_search_documents_fts f \
     WHERE tutor_search_documents_fts MATCH $?)";

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

/// A value bound to the candidate query.
enum Bind {
    Text(String),
    Level(Level),
    Real(f64),
}

/// Adds a bound value; its placeholder.
fn next(b: Bind, binds: &mut Vec<Bind>) -> String {
    binds.push(b);
    format!("${}", binds.len())
}

/// Most ids bound in one `IN (…)` list (SQLite allows 32,766 parameters, PostgreSQL 65,535).
const IDS_PER_QUERY: usize = 500;

#[async_trait]
impl SearchRepo for Tx {
    async fn search_candidates(&mut self, filter: &CandidateFilter) -> Result<Vec<Candidate>> {
        let rows: Vec<CandidateRow> = on_tx!(self, c, d => {
            let mut sql = String::from(CANDIDATES);
            let mut binds = Vec::new();
            if filter.subject.is_some() || filter.level.is_some() {
                sql.push_str(
                    " AND EXISTS (SELECT 1 FROM tutor_subjects fts \
                     JOIN subjects fs ON fs.id = fts.subject_id AND fs.is_active = TRUE \
                     WHERE fts.tutor_profile_id = tp.id AND fts.is_active = TRUE",
                );
                if let Some(slug) = &filter.subject {
                    let p = next(Bind::Text(slug.clone()), &mut binds);
                    sql.push_str(&format!(" AND fs.slug = {p}"));
                }
                if let Some(level) = filter.level {
                    let p = next(Bind::Level(level), &mut binds);
                    sql.push_str(&format!(" AND fts.level = {p}"));
                }
                sql.push(')');
            }
            if filter.verified_only {
                sql.push_str(" AND tp.is_verified = TRUE");
            }
            if !filter.terms.is_empty() {
                let (fragment, query) = match d {
                    super::Dialect::Postgres => (PG_TEXT, tsquery(&filter.terms)),
                    super::Dialect::Sqlite => (SQLITE_TEXT, fts5_query(&filter.terms)),
                };
                let p = next(Bind::Text(query), &mut binds);
                sql.push_str(&fragment.replace("$?", &p));
            }
            if let Some(b) = filter.bbox {
                // A coarse pre-filter only (the exact distance is computed in Rust), so reading
                // SQLite's decimal text as REAL is harmless here.
                let (lat, lng) = (
                    d.pick("a.lat", "CAST(a.lat AS REAL)"),
                    d.pick("a.lng", "CAST(a.lng AS REAL)"),
                );
                let lo = next(Bind::Real(b.min_lat), &mut binds);
                let hi = next(Bind::Real(b.max_lat), &mut binds);
                sql.push_str(&format!(" AND {lat} BETWEEN {lo} AND {hi}"));
                if let Some((w, e)) = b.lng {
                    let lo = next(Bind::Real(w), &mut binds);
                    let hi = next(Bind::Real(e), &mut binds);
                    sql.push_str(&format!(" AND {lng} BETWEEN {lo} AND {hi}"));
                }
            }
            sql.push_str(" ORDER BY tp.id");
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for b in binds {
                q = match b {
                    Bind::Text(s) => q.bind(s),
                    Bind::Level(l) => q.bind(l),
                    Bind::Real(x) => q.bind(x),
                };
            }
            q.fetch_all(&mut *c).await?
        });
        let mut by_tutor: BTreeMap<TutorProfileId, Candidate> = BTreeMap::new();
        for r in rows {
            let offering = Offering {
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
        Ok(by_tutor.into_values().collect())
    }

    async fn upsert_search_documents(&mut self, docs: &[SearchDocument]) -> Result<()> {
        let per_statement = (super::bulk::max_values(self.backend()) / 5).max(1);
        for chunk in docs.chunks(per_statement) {
            let sql = format!(
                "{} ON CONFLICT (tutor_profile_id) DO UPDATE SET \
                 headline_terms = excluded.headline_terms, bio_terms = excluded.bio_terms, \
                 subject_terms = excluded.subject_terms, updated_at = excluded.updated_at",
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
