//! Tutor search, the pure half: validating a query, turning Indonesian text into search terms,
//! scoring relevance, distances, sort keys, and the opaque page cursor. No I/O: the store finds
//! candidates ([`crate::store::SearchRepo`]), the facade ([`crate::Marketplace::search_tutors`])
//! composes the two.
//!
//! # One behaviour on both databases
//! PostgreSQL's text parser and SQLite's FTS5 tokenizer disagree at the edges (`1e10e` is two
//! tokens to PostgreSQL and one to FTS5; only FTS5 folds diacritics; `ts_rank` and `bm25` rank
//! differently). So neither database decides what a word is or how well a tutor matches:
//! - [`words`] is the one tokenisation rule: NFKD, combining marks dropped (so `é` = `e`),
//!   lower-cased, split on every character that is not a letter or digit, no stemming, no stop
//!   words. Punctuation and FTS operators (`AND`, `*`, `"`, `NEAR`, `-`, `:`, `&`) are thus
//!   plain separators or plain words: a query never errors.
//! - Each word is stored and queried in an ASCII spelling ([`encode`]) that both parsers read
//!   as exactly one token: a leading `w` (PostgreSQL would parse a digit-led `1e10e` as a number
//!   plus a word), letters and digits as themselves, `q` as `qq` and any other character as
//!   `q<hex code point>q`. It is a prefix code, so "word starts with p" is "spelling starts with
//!   the spelling of p", and prefix queries (`w…:*` / `"w…"*`) mean the same on both.
//! - The library keeps those spellings per tutor in `tutor_search_documents` (headline, bio and
//!   subject names, each field apart); PostgreSQL indexes them with a tsvector GIN index, SQLite
//!   with an FTS5 table. The index only *finds* candidates; [`Criteria::relevance`] re-checks
//!   every term in Rust and computes the score, so the matching set and the score are defined
//!   here, once.
//!
//! # Relevance
//! Every query word must occur in the tutor's headline, bio or subject names (AND); the last
//! word also matches as a prefix (search as you type). A word scores the best of its fields:
//! subject name 4, headline 3, bio 1, doubled when the word occurs whole (a prefix-only match of
//! the last word counts once). The relevance is the sum over the query's words; ties go to the
//! higher rating, more ratings, more lessons, then the tutor id.
//!
//! # Order and pages
//! Every sort ends with the tutor id, so the order is total and the same on both databases
//! (the comparison is done here, on exact decimals). A cursor is the sort key of the last item
//! of a page plus a fingerprint of the query, checksummed and base64url-encoded: the next page
//! is "everything after this key", so it stays correct when tutors come and go between calls.

use crate::error::{Error, Result};
use crate::policy::Policy;
use crate::types::{Currency, Level, TeachingMode, TutorProfileId};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Results per page when the query does not say.
pub const DEFAULT_LIMIT: u32 = 20;
/// The most results one page may hold.
pub const MAX_LIMIT: u32 = 100;
/// The longest free-text query accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 200;
/// Query words beyond this many are ignored.
pub const MAX_TERMS: usize = 8;
/// Longer words are cut to this many characters (in documents and queries alike), which keeps
/// every spelling far below PostgreSQL's 2,047-byte lexeme limit.
pub const MAX_WORD_CHARS: usize = 40;
/// Mean Earth radius (IUGG), in kilometres.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// How results are ordered; every order ends with the tutor id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SearchSort {
    /// Best text match first (see the module docs), then rating, ratings, lessons.
    #[default]
    Relevance,
    /// Highest `rating_avg` first, then more ratings, then more lessons.
    Rating,
    /// Cheapest effective price first.
    PriceAsc,
    /// Most expensive effective price first.
    PriceDesc,
    /// Most completed lessons first, then rating.
    MostLessons,
    /// Newest profile first.
    Newest,
}

impl SearchSort {
    /// Every order, in declaration order.
    pub const ALL: &'static [SearchSort] = &[
        SearchSort::Relevance,
        SearchSort::Rating,
        SearchSort::PriceAsc,
        SearchSort::PriceDesc,
        SearchSort::MostLessons,
        SearchSort::Newest,
    ];

    /// The wire string: `relevance`, `rating`, `price_asc`, `price_desc`, `most_lessons`,
    /// `newest`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SearchSort::Relevance => "relevance",
            SearchSort::Rating => "rating",
            SearchSort::PriceAsc => "price_asc",
            SearchSort::PriceDesc => "price_desc",
            SearchSort::MostLessons => "most_lessons",
            SearchSort::Newest => "newest",
        }
    }

    /// Per sort-key component, whether it runs high to low. The key components are listed in
    /// [`sort_key`].
    fn descending(self) -> &'static [bool] {
        match self {
            SearchSort::Relevance => &[true, true, true, true],
            SearchSort::Rating => &[true, true, true],
            SearchSort::PriceAsc => &[false],
            SearchSort::PriceDesc => &[true],
            SearchSort::MostLessons => &[true, true],
            SearchSort::Newest => &[true],
        }
    }
}

impl FromStr for SearchSort {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        SearchSort::ALL
            .iter()
            .copied()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| {
                let all: Vec<&str> = SearchSort::ALL.iter().map(|v| v.as_str()).collect();
                Error::validation(
                    "sort",
                    format!("unknown value {s:?}; expected one of: {}", all.join(", ")),
                )
            })
    }
}

impl fmt::Display for SearchSort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A point on Earth, in degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GeoPoint {
    /// Latitude, −90 to 90.
    pub lat: f64,
    /// Longitude, −180 to 180.
    pub lng: f64,
}

/// A tutor search. Every filter is optional; an empty query lists every bookable tutor.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TutorSearch {
    /// Free text over headline, bio and subject names (at most 200 characters).
    pub text: Option<String>,
    /// Only tutors teaching the subject with this slug (e.g. `matematika`).
    pub subject: Option<String>,
    /// Only tutors teaching at this level (with `subject`: that subject at this level).
    pub level: Option<Level>,
    /// Lowest effective price (the offering's price override, else the hourly rate).
    pub min_price: Option<Decimal>,
    /// Highest effective price.
    pub max_price: Option<Decimal>,
    /// The tutor's base city, compared case- and diacritics-insensitively.
    pub city: Option<String>,
    /// Lowest `rating_avg`, 0–5.
    pub min_rating: Option<Decimal>,
    /// Only verified tutors.
    pub verified_only: bool,
    /// Only tutors teaching this way (`both` = online and offline).
    pub mode: Option<TeachingMode>,
    /// With `available_to`: only tutors with at least one free slot starting in the window.
    pub available_from: Option<DateTime<Utc>>,
    /// End of the availability window (after `available_from`, at most the booking horizon
    /// later).
    pub available_to: Option<DateTime<Utc>>,
    /// Lesson length the free slot must fit; 60 when `None`.
    pub lesson_minutes: Option<i64>,
    /// Measure distances from here (the tutor's primary address); adds `distance_km`.
    pub near: Option<GeoPoint>,
    /// With `near`: only tutors at most this far away, in kilometres.
    pub radius_km: Option<f64>,
    /// The order; [`SearchSort::Relevance`] by default.
    pub sort: SearchSort,
    /// Page size, 1–100; 20 when `None`.
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page of the same search.
    pub cursor: Option<String>,
}

/// One page of search results.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchPage {
    /// The tutors of this page, in order.
    pub items: Vec<TutorSummary>,
    /// Pass back as `cursor` for the next page; `None` on the last page.
    pub next_cursor: Option<String>,
    /// How many tutors match the search in all (every page).
    pub total: i64,
}

/// What a search result card shows about a tutor.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TutorSummary {
    /// The tutor profile.
    pub tutor_profile_id: TutorProfileId,
    /// The tutor's full name.
    pub full_name: String,
    /// The profile's headline.
    pub headline: Option<String>,
    /// The tutor's base city.
    pub city: Option<String>,
    /// Average published rating (maintained on the profile).
    pub rating_avg: Decimal,
    /// Number of published ratings.
    pub rating_count: i32,
    /// The lowest effective price among the offerings that match the search.
    pub min_price: Decimal,
    /// Currency of the prices.
    pub currency: Currency,
    /// Whether the tutor is verified.
    pub is_verified: bool,
    /// How the tutor teaches.
    pub teaching_modes: Vec<TeachingMode>,
    /// Names of every subject the tutor actively teaches, in byte order.
    pub subjects: Vec<String>,
    /// Lessons completed.
    pub completed_lessons: i32,
    /// Great-circle distance from `near` to the tutor's primary address, when both are known.
    pub distance_km: Option<f64>,
}

/// A bookable tutor as the store finds it, before the filters decided here.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The tutor profile.
    pub id: TutorProfileId,
    /// `users.full_name`.
    pub full_name: String,
    /// `tutor_profiles.headline`.
    pub headline: Option<String>,
    /// `tutor_profiles.base_city`.
    pub city: Option<String>,
    /// `tutor_profiles.rating_avg`.
    pub rating_avg: Decimal,
    /// `tutor_profiles.rating_count`.
    pub rating_count: i32,
    /// `tutor_profiles.hourly_rate`.
    pub hourly_rate: Decimal,
    /// `tutor_profiles.currency`.
    pub currency: Currency,
    /// `tutor_profiles.is_verified`.
    pub is_verified: bool,
    /// `tutor_profiles.teaching_modes`.
    pub teaching_modes: Vec<TeachingMode>,
    /// `tutor_profiles.completed_lessons_count`.
    pub completed_lessons: i32,
    /// `tutor_profiles.created_at`.
    pub created_at: DateTime<Utc>,
    /// Latitude and longitude of the tutor's primary address.
    pub location: Option<(Decimal, Decimal)>,
    /// Every active offering (active tutor subject of an active subject).
    pub offerings: Vec<Offering>,
}

/// One active offering of a [`Candidate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Offering {
    /// `subjects.name`.
    pub subject_name: String,
    /// `subjects.slug`.
    pub subject_slug: String,
    /// `tutor_subjects.level`.
    pub level: Option<Level>,
    /// `tutor_subjects.price_override`.
    pub price_override: Option<Decimal>,
}

/// One query word in its stored spelling ([`encode`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchTerm {
    /// The spelling.
    pub spelling: String,
    /// Also matches longer words starting with it (the query's last word).
    pub prefix: bool,
}

/// A latitude/longitude box around a circle, for the store's coarse pre-filter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    /// Southern edge.
    pub min_lat: f64,
    /// Northern edge.
    pub max_lat: f64,
    /// Western and eastern edges; `None` when the circle spans every longitude.
    pub lng: Option<(f64, f64)>,
}

/// What the store must filter on: the parts of a search an index can answer. Everything else
/// is decided in Rust ([`Criteria::hit`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateFilter {
    /// Only tutors with an active offering of this subject slug…
    pub subject: Option<String>,
    /// …and/or at this level.
    pub level: Option<Level>,
    /// Only verified tutors.
    pub verified_only: bool,
    /// Only tutors whose search document has every term (empty: no text filter).
    pub terms: Vec<SearchTerm>,
    /// Only tutors whose primary address lies in this box.
    pub bbox: Option<BoundingBox>,
}

/// The three indexed fields of a tutor's search document, each a space-separated list of
/// distinct spellings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentTerms {
    /// From the headline.
    pub headline: String,
    /// From the bio.
    pub bio: String,
    /// From the names of the subjects the tutor actively teaches.
    pub subjects: String,
}

/// The words of a text: NFKD-decomposed, combining marks dropped, lower-cased, split on
/// anything that is not a letter or digit, each cut to [`MAX_WORD_CHARS`].
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut len = 0;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                if len < MAX_WORD_CHARS {
                    word.push(l);
                    len += 1;
                }
            }
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
            len = 0;
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The ASCII spelling of a word that both PostgreSQL's parser and FTS5 read as exactly one
/// token (see the module docs).
pub fn encode(word: &str) -> String {
    let mut s = String::with_capacity(word.len() + 1);
    s.push('w');
    for c in word.chars() {
        match c {
            'q' => s.push_str("qq"),
            'a'..='z' | '0'..='9' => s.push(c),
            other => {
                s.push('q');
                s.push_str(&format!("{:x}", u32::from(other)));
                s.push('q');
            }
        }
    }
    s
}

/// The distinct spellings of the words of `texts`, in first-seen order, space-separated.
pub fn field_terms<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut seen: Vec<String> = Vec::new();
    for t in texts {
        for w in words(t) {
            let e = encode(&w);
            if !seen.contains(&e) {
                seen.push(e);
            }
        }
    }
    seen.join(" ")
}

/// A tutor's search document: the spellings of the headline, the bio and the subject names.
pub fn document(headline: Option<&str>, bio: Option<&str>, subjects: &[String]) -> DocumentTerms {
    DocumentTerms {
        headline: field_terms(headline),
        bio: field_terms(bio),
        subjects: field_terms(subjects.iter().map(String::as_str)),
    }
}

/// The terms of a free-text query: its distinct words (at most [`MAX_TERMS`]); the last one
/// is a prefix.
pub fn query_terms(text: &str) -> Vec<SearchTerm> {
    let mut spellings: Vec<String> = Vec::new();
    for w in words(text) {
        let e = encode(&w);
        if !spellings.contains(&e) {
            spellings.push(e);
        }
    }
    spellings.truncate(MAX_TERMS);
    let n = spellings.len();
    spellings
        .into_iter()
        .enumerate()
        .map(|(i, spelling)| SearchTerm {
            spelling,
            prefix: i + 1 == n,
        })
        .collect()
}

/// The relevance of a document for `terms` (see the module docs); `None` when some term
/// matches no field.
pub fn relevance(terms: &[SearchTerm], doc: &DocumentTerms) -> Option<u32> {
    let fields = [(&doc.subjects, 4), (&doc.headline, 3), (&doc.bio, 1)];
    let mut total = 0;
    for t in terms {
        let mut best = 0;
        for (field, weight) in fields {
            for token in field.split(' ') {
                let s = if token == t.spelling {
                    weight * 2
                } else if t.prefix && token.starts_with(&t.spelling) {
                    weight
                } else {
                    0
                };
                best = best.max(s);
            }
        }
        if best == 0 {
            return None;
        }
        total += best;
    }
    Some(total)
}

/// Great-circle distance in kilometres (haversine).
pub fn haversine_km(a: GeoPoint, b: GeoPoint) -> f64 {
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = la2 - la1;
    let dlng = (b.lng - a.lng).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlng / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// A box holding every point within `radius_km` of `center`, with a margin so that rounding
/// in either database never drops a point the exact test keeps.
pub fn bounding_box(center: GeoPoint, radius_km: f64) -> BoundingBox {
    let margin = 1.01;
    let dlat = (radius_km * margin / EARTH_RADIUS_KM).to_degrees() + 1e-6;
    let (min_lat, max_lat) = (center.lat - dlat, center.lat + dlat);
    let lng = if min_lat <= -90.0 || max_lat >= 90.0 {
        None
    } else {
        let widest = center.lat.abs() + dlat;
        let dlng = (radius_km * margin / (EARTH_RADIUS_KM * widest.to_radians().cos()))
            .to_degrees()
            + 1e-6;
        (dlng < 180.0).then_some((center.lng - dlng, center.lng + dlng))
    };
    BoundingBox {
        min_lat: min_lat.max(-90.0),
        max_lat: max_lat.min(90.0),
        lng,
    }
}

/// A validated availability window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    /// Earliest slot start.
    pub from: DateTime<Utc>,
    /// Latest slot start (exclusive).
    pub to: DateTime<Utc>,
    /// Lesson length the slot must fit, in minutes.
    pub minutes: i64,
}

impl Window {
    /// The lesson length.
    pub fn duration(&self) -> Duration {
        Duration::minutes(self.minutes)
    }
}

/// A search that passed validation, normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct Criteria {
    terms: Vec<SearchTerm>,
    subject: Option<String>,
    level: Option<Level>,
    min_price: Option<Decimal>,
    max_price: Option<Decimal>,
    city: Option<Vec<String>>,
    min_rating: Option<Decimal>,
    verified_only: bool,
    mode: Option<TeachingMode>,
    /// The availability window, when asked for.
    pub window: Option<Window>,
    near: Option<GeoPoint>,
    radius_km: Option<f64>,
    sort: SearchSort,
    limit: usize,
    fingerprint: String,
    after: Option<SortKey>,
}

/// What identifies a search across its pages (everything but the limit and the cursor).
#[derive(Serialize)]
struct Identity<'a> {
    terms: &'a [SearchTerm],
    subject: &'a Option<String>,
    level: Option<&'static str>,
    min_price: Option<String>,
    max_price: Option<String>,
    city: &'a Option<Vec<String>>,
    min_rating: Option<String>,
    verified_only: bool,
    mode: Option<&'static str>,
    window: &'a Option<Window>,
    near: &'a Option<GeoPoint>,
    radius_km: Option<f64>,
    sort: &'static str,
}

fn finite(field: &str, v: f64, lo: f64, hi: f64) -> Result<f64> {
    if v.is_finite() && (lo..=hi).contains(&v) {
        Ok(v)
    } else {
        Err(Error::validation(
            field,
            format!("must be between {lo} and {hi}"),
        ))
    }
}

impl Criteria {
    /// Validates and normalises a search.
    ///
    /// # Errors
    /// `validation` naming the field: `text` (too long), `subject` (blank), `min_price` /
    /// `max_price` (negative, more than two decimals, min above max), `city` (too long),
    /// `min_rating` (outside 0–5), `lat` / `lng` (out of range), `radius_km` (not positive, or
    /// without `near`), `available_from` / `available_to` (one without the other, end not after
    /// start, longer than the booking horizon), `lesson_minutes` (outside the policy's lesson
    /// lengths), `limit` (outside 1–100), `cursor` (malformed, tampered, or from another
    /// search).
    pub fn parse(q: TutorSearch, policy: &Policy) -> Result<Criteria> {
        let text = q.text.unwrap_or_default();
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err(Error::validation(
                "text",
                format!("is longer than {MAX_TEXT_CHARS} characters"),
            ));
        }
        let subject = match q.subject.map(|s| s.trim().to_string()) {
            Some(s) if s.is_empty() => {
                return Err(Error::validation("subject", "must not be blank"));
            }
            s => s,
        };
        for (field, price) in [("min_price", q.min_price), ("max_price", q.max_price)] {
            if let Some(p) = price {
                if p < Decimal::ZERO {
                    return Err(Error::validation(field, "must not be negative"));
                }
                crate::types::check_amount(field, p)?;
            }
        }
        if let (Some(lo), Some(hi)) = (q.min_price, q.max_price)
            && lo > hi
        {
            return Err(Error::validation(
                "max_price",
                "must not be below min_price",
            ));
        }
        let city = match q.city {
            Some(c) if c.chars().count() > 100 => {
                return Err(Error::validation("city", "is longer than 100 characters"));
            }
            Some(c) => Some(words(&c)).filter(|w| !w.is_empty()),
            None => None,
        };
        if let Some(r) = q.min_rating
            && !(Decimal::ZERO..=Decimal::from(5)).contains(&r)
        {
            return Err(Error::validation("min_rating", "must be between 0 and 5"));
        }
        if let Some(p) = q.near {
            finite("lat", p.lat, -90.0, 90.0)?;
            finite("lng", p.lng, -180.0, 180.0)?;
        }
        if let Some(r) = q.radius_km {
            if !(r.is_finite() && r > 0.0) {
                return Err(Error::validation("radius_km", "must be greater than zero"));
            }
            if q.near.is_none() {
                return Err(Error::validation("radius_km", "needs a point (near)"));
            }
        }
        let window = match (q.available_from, q.available_to) {
            (None, None) => None,
            (Some(_), None) => {
                return Err(Error::validation(
                    "available_to",
                    "is required with available_from",
                ));
            }
            (None, Some(_)) => {
                return Err(Error::validation(
                    "available_from",
                    "is required with available_to",
                ));
            }
            (Some(from), Some(to)) => {
                if to <= from {
                    return Err(Error::validation(
                        "available_to",
                        "must be after available_from",
                    ));
                }
                if to - from > policy.booking_horizon {
                    return Err(Error::validation(
                        "available_to",
                        format!(
                            "the window may be at most {} days long (the booking horizon)",
                            policy.booking_horizon.num_days()
                        ),
                    ));
                }
                let minutes = q.lesson_minutes.unwrap_or(60);
                let (min, max) = policy.lesson_minutes;
                if !(min..=max).contains(&minutes) {
                    return Err(Error::validation(
                        "lesson_minutes",
                        format!("must be between {min} and {max}"),
                    ));
                }
                Some(Window { from, to, minutes })
            }
        };
        let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(Error::validation(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            ));
        }
        let mut c = Criteria {
            terms: query_terms(&text),
            subject,
            level: q.level,
            min_price: q.min_price.map(|p| p.normalize()),
            max_price: q.max_price.map(|p| p.normalize()),
            city,
            min_rating: q.min_rating.map(|r| r.normalize()),
            verified_only: q.verified_only,
            mode: q.mode,
            window,
            near: q.near,
            radius_km: q.radius_km,
            sort: q.sort,
            limit: limit as usize,
            fingerprint: String::new(),
            after: None,
        };
        c.fingerprint = c.identity();
        c.after = q
            .cursor
            .map(|s| decode_cursor(&s, &c.fingerprint, c.sort))
            .transpose()?;
        Ok(c)
    }

    fn identity(&self) -> String {
        let id = Identity {
            terms: &self.terms,
            subject: &self.subject,
            level: self.level.map(Level::as_str),
            min_price: self.min_price.map(|d| d.to_string()),
            max_price: self.max_price.map(|d| d.to_string()),
            city: &self.city,
            min_rating: self.min_rating.map(|d| d.to_string()),
            verified_only: self.verified_only,
            mode: self.mode.map(TeachingMode::as_str),
            window: &self.window,
            near: &self.near,
            radius_km: self.radius_km,
            sort: self.sort.as_str(),
        };
        let json = serde_json::to_vec(&id).expect("plain data serialises");
        hex::encode(&Sha256::digest(&json)[..8])
    }

    /// Whether the search has free text.
    pub fn has_text(&self) -> bool {
        !self.terms.is_empty()
    }

    /// The part of the search the store filters on.
    pub fn candidate_filter(&self) -> CandidateFilter {
        CandidateFilter {
            subject: self.subject.clone(),
            level: self.level,
            verified_only: self.verified_only,
            terms: self.terms.clone(),
            bbox: self
                .near
                .zip(self.radius_km)
                .map(|(p, r)| bounding_box(p, r)),
        }
    }

    /// The candidate as a result, when it passes every filter but text and availability: its
    /// lowest matching price and its distance.
    pub fn hit(&self, c: Candidate) -> Option<Hit> {
        if self.verified_only && !c.is_verified {
            return None;
        }
        if let Some(mode) = self.mode
            && !teaches(&c.teaching_modes, mode)
        {
            return None;
        }
        if let Some(city) = &self.city
            && c.city.as_deref().map(words).as_ref() != Some(city)
        {
            return None;
        }
        if let Some(r) = self.min_rating
            && c.rating_avg < r
        {
            return None;
        }
        let min_price = c
            .offerings
            .iter()
            .filter(|o| self.subject.as_ref().is_none_or(|s| *s == o.subject_slug))
            .filter(|o| self.level.is_none_or(|l| o.level == Some(l)))
            .map(|o| o.price_override.unwrap_or(c.hourly_rate))
            .filter(|p| self.min_price.is_none_or(|lo| *p >= lo))
            .filter(|p| self.max_price.is_none_or(|hi| *p <= hi))
            .min()?;
        // Normalised first: the same value read at another scale must give the same float.
        let location = c.location.and_then(|(lat, lng)| {
            Some(GeoPoint {
                lat: lat.normalize().to_f64()?,
                lng: lng.normalize().to_f64()?,
            })
        });
        let distance_km = self.near.zip(location).map(|(p, l)| haversine_km(p, l));
        if let Some(r) = self.radius_km
            && distance_km.is_none_or(|d| d > r)
        {
            return None;
        }
        Some(Hit {
            candidate: c,
            min_price,
            distance_km,
            relevance: 0,
        })
    }

    /// The relevance of a hit's document; `None` when it does not match the text.
    pub fn relevance(&self, doc: &DocumentTerms) -> Option<u32> {
        relevance(&self.terms, doc)
    }

    /// Orders the hits and cuts the page after the cursor.
    pub fn page(&self, hits: Vec<Hit>) -> SearchPage {
        let total = hits.len() as i64;
        let mut keyed: Vec<(SortKey, Hit)> = hits
            .into_iter()
            .map(|h| (sort_key(self.sort, &h), h))
            .collect();
        keyed.sort_by(|a, b| a.0.cmp_in(self.sort, &b.0));
        let (page, more) = after(keyed, self.sort, self.after.as_ref(), self.limit);
        let next_cursor = more
            .then(|| page.last())
            .flatten()
            .map(|(k, _)| encode_cursor(&self.fingerprint, k));
        SearchPage {
            items: page.into_iter().map(|(_, h)| h.summary()).collect(),
            next_cursor,
            total,
        }
    }
}

fn teaches(modes: &[TeachingMode], wanted: TeachingMode) -> bool {
    let has = |m| modes.contains(&m) || modes.contains(&TeachingMode::Both);
    match wanted {
        TeachingMode::Both => has(TeachingMode::Online) && has(TeachingMode::Offline),
        m => has(m),
    }
}

/// A candidate that passed the filters, with what the order and the card need.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The tutor.
    pub candidate: Candidate,
    /// Lowest effective price among the offerings matching the search.
    pub min_price: Decimal,
    /// Distance from the search's point.
    pub distance_km: Option<f64>,
    /// Text relevance (0 without text).
    pub relevance: u32,
}

impl Hit {
    fn summary(self) -> TutorSummary {
        let c = self.candidate;
        let mut subjects: Vec<String> = c.offerings.into_iter().map(|o| o.subject_name).collect();
        subjects.sort();
        subjects.dedup();
        TutorSummary {
            tutor_profile_id: c.id,
            full_name: c.full_name,
            headline: c.headline,
            city: c.city,
            rating_avg: c.rating_avg,
            rating_count: c.rating_count,
            min_price: self.min_price,
            currency: c.currency,
            is_verified: c.is_verified,
            teaching_modes: c.teaching_modes,
            subjects,
            completed_lessons: c.completed_lessons,
            distance_km: self.distance_km,
        }
    }
}

/// A position in a sorted result list: the sort's values, then the tutor id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SortKey {
    /// The sort's components ([`sort_key`]), as exact decimals.
    pub values: Vec<Decimal>,
    /// The tie-breaker.
    pub id: TutorProfileId,
}

impl SortKey {
    /// Compares two keys of `sort`: component by component in its directions, then by id.
    pub fn cmp_in(&self, sort: SearchSort, other: &SortKey) -> Ordering {
        for ((a, b), desc) in self.values.iter().zip(&other.values).zip(sort.descending()) {
            let o = if *desc { b.cmp(a) } else { a.cmp(b) };
            if o != Ordering::Equal {
                return o;
            }
        }
        self.id.cmp(&other.id)
    }
}

/// The sort key of a hit. Components per sort: relevance → (relevance, rating, ratings,
/// lessons); rating → (rating, ratings, lessons); price → (min price); most lessons →
/// (lessons, rating); newest → (created_at in microseconds).
pub fn sort_key(sort: SearchSort, h: &Hit) -> SortKey {
    let c = &h.candidate;
    let rating = c.rating_avg.normalize();
    let count = Decimal::from(c.rating_count);
    let lessons = Decimal::from(c.completed_lessons);
    let values = match sort {
        SearchSort::Relevance => vec![Decimal::from(h.relevance), rating, count, lessons],
        SearchSort::Rating => vec![rating, count, lessons],
        SearchSort::PriceAsc | SearchSort::PriceDesc => vec![h.min_price.normalize()],
        SearchSort::MostLessons => vec![lessons, rating],
        SearchSort::Newest => vec![Decimal::from(c.created_at.timestamp_micros())],
    };
    SortKey { values, id: c.id }
}

/// From a list sorted by `sort`, the up to `limit` items strictly after `cursor`, and whether
/// more follow.
pub fn after<T>(
    sorted: Vec<(SortKey, T)>,
    sort: SearchSort,
    cursor: Option<&SortKey>,
    limit: usize,
) -> (Vec<(SortKey, T)>, bool) {
    let start = cursor.map_or(0, |k| {
        sorted.partition_point(|(x, _)| x.cmp_in(sort, k) != Ordering::Greater)
    });
    let more = sorted.len() > start + limit;
    let page = sorted.into_iter().skip(start).take(limit).collect();
    (page, more)
}

const CURSOR_DOMAIN: &[u8] = b"blajarplus.search.cursor.v1";
const CHECKSUM_BYTES: usize = 8;

#[derive(Serialize, Deserialize)]
struct CursorBody {
    f: String,
    k: SortKey,
}

fn checksum(body: &[u8]) -> [u8; CHECKSUM_BYTES] {
    let digest = Sha256::new()
        .chain_update(CURSOR_DOMAIN)
        .chain_update(body)
        .finalize();
    let mut out = [0; CHECKSUM_BYTES];
    out.copy_from_slice(&digest[..CHECKSUM_BYTES]);
    out
}

/// The opaque cursor for "after `key`" in the search with this fingerprint. The checksum
/// catches a cursor that was edited or cut short; it is not a signature (a cursor grants
/// nothing: it only says where a public list resumes).
pub fn encode_cursor(fingerprint: &str, key: &SortKey) -> String {
    let mut bytes = serde_json::to_vec(&CursorBody {
        f: fingerprint.to_string(),
        k: key.clone(),
    })
    .expect("plain data serialises");
    let sum = checksum(&bytes);
    bytes.extend_from_slice(&sum);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Reads a cursor of the search with this fingerprint and sort.
///
/// # Errors
/// `validation` on `cursor` when it is malformed or altered, or belongs to another search.
pub fn decode_cursor(cursor: &str, fingerprint: &str, sort: SearchSort) -> Result<SortKey> {
    let bad = || Error::validation("cursor", "is not a cursor of this search");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    if bytes.len() <= CHECKSUM_BYTES {
        return Err(bad());
    }
    let (body, sum) = bytes.split_at(bytes.len() - CHECKSUM_BYTES);
    if checksum(body) != sum {
        return Err(bad());
    }
    let body: CursorBody = serde_json::from_slice(body).map_err(|_| bad())?;
    if body.f != fingerprint {
        return Err(Error::validation(
            "cursor",
            "belongs to another search (filters or sort changed)",
        ));
    }
    if body.k.values.len() != sort.descending().len() {
        return Err(bad());
    }
    Ok(body.k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn id(n: u128) -> TutorProfileId {
        TutorProfileId::from_uuid(uuid::Uuid::from_u128(n))
    }

    #[test]
    fn words_fold_case_diacritics_and_punctuation() {
        assert_eq!(words("Matematika SMA"), ["matematika", "sma"]);
        assert_eq!(words("Café  CRÈME-brûlée!"), ["cafe", "creme", "brulee"]);
        assert_eq!(
            words("\"a\" AND b* NEAR(c d) -e :f &g"),
            ["a", "and", "b", "near", "c", "d", "e", "f", "g"]
        );
        assert_eq!(words("ＡＢＣ１２３ ²"), ["abc123", "2"]);
        assert_eq!(words("İstanbul"), ["istanbul"]);
        assert_eq!(words("日本語 😀 x"), ["日本語", "x"]);
        assert!(words("*** --- \" ' \0").is_empty());
        assert_eq!(words(&"a".repeat(100))[0].len(), MAX_WORD_CHARS);
    }

    #[test]
    fn spellings_are_plain_ascii_and_start_with_a_letter() {
        assert_eq!(encode("matematika"), "wmatematika");
        assert_eq!(encode("1e10e"), "w1e10e");
        assert_eq!(encode("quran"), "wqquran");
        assert_eq!(encode("日"), "wq65e5q");
        assert_eq!(encode("ß"), "wqdfq");
    }

    #[test]
    fn query_terms_dedup_cap_and_mark_the_last_as_prefix() {
        let t = query_terms("Guru guru MATEMATIKA mat");
        let s: Vec<(&str, bool)> = t.iter().map(|t| (t.spelling.as_str(), t.prefix)).collect();
        assert_eq!(
            s,
            [("wguru", false), ("wmatematika", false), ("wmat", true)]
        );
        assert_eq!(query_terms("a b c d e f g h i j k").len(), MAX_TERMS);
        assert!(query_terms("  *** ").is_empty());
    }

    #[test]
    fn relevance_weighs_fields_and_whole_words() {
        let doc = document(
            Some("Guru Matematika berpengalaman"),
            Some("Mengajar fisika dan kimia di Jakarta"),
            &["Matematika".into(), "Fisika".into()],
        );
        // "matematika": whole word in subjects (4×2).
        assert_eq!(relevance(&query_terms("matematika "), &doc), Some(8));
        // "matem" as a prefix: subjects (4).
        assert_eq!(relevance(&query_terms("matem"), &doc), Some(4));
        // "guru" whole in the headline (6) + "jakarta" whole in the bio (2).
        assert_eq!(relevance(&query_terms("guru jakarta"), &doc), Some(8));
        // Every word must match somewhere.
        assert_eq!(relevance(&query_terms("guru biologi"), &doc), None);
        // Only the last word is a prefix.
        assert_eq!(relevance(&query_terms("mate guru"), &doc), None);
    }

    #[test]
    fn haversine_matches_known_distances() {
        let monas = GeoPoint {
            lat: -6.1754,
            lng: 106.8272,
        };
        let gedung_sate = GeoPoint {
            lat: -6.9025,
            lng: 107.6188,
        };
        let d = haversine_km(monas, gedung_sate);
        assert!((d - 119.3).abs() < 1.0, "{d}");
        assert_eq!(haversine_km(monas, monas), 0.0);
        let b = bounding_box(monas, 10.0);
        assert!(b.min_lat < monas.lat && monas.lat < b.max_lat);
        assert!(
            bounding_box(
                GeoPoint {
                    lat: 89.99,
                    lng: 0.0
                },
                50.0
            )
            .lng
            .is_none()
        );
    }

    #[test]
    fn sorts_parse_from_their_wire_names() {
        for s in SearchSort::ALL {
            assert_eq!(s.as_str().parse::<SearchSort>().unwrap(), *s);
        }
        assert_eq!(
            "cheapest".parse::<SearchSort>().unwrap_err().field(),
            Some("sort")
        );
    }

    #[test]
    fn bad_input_names_the_field() {
        let p = Policy::default();
        let field = |q: TutorSearch| {
            Criteria::parse(q, &p)
                .unwrap_err()
                .field()
                .map(String::from)
        };
        let d = Decimal::from;
        let t0: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let near = Some(GeoPoint { lat: 0.0, lng: 0.0 });
        let cases: Vec<(TutorSearch, &str)> = vec![
            (
                TutorSearch {
                    min_price: Some(d(-1)),
                    ..Default::default()
                },
                "min_price",
            ),
            (
                TutorSearch {
                    max_price: Some(Decimal::new(1, 3)),
                    ..Default::default()
                },
                "max_price",
            ),
            (
                TutorSearch {
                    min_price: Some(d(5)),
                    max_price: Some(d(4)),
                    ..Default::default()
                },
                "max_price",
            ),
            (
                TutorSearch {
                    min_rating: Some(Decimal::new(51, 1)),
                    ..Default::default()
                },
                "min_rating",
            ),
            (
                TutorSearch {
                    min_rating: Some(d(-1)),
                    ..Default::default()
                },
                "min_rating",
            ),
            (
                TutorSearch {
                    radius_km: Some(5.0),
                    ..Default::default()
                },
                "radius_km",
            ),
            (
                TutorSearch {
                    near,
                    radius_km: Some(0.0),
                    ..Default::default()
                },
                "radius_km",
            ),
            (
                TutorSearch {
                    near,
                    radius_km: Some(f64::NAN),
                    ..Default::default()
                },
                "radius_km",
            ),
            (
                TutorSearch {
                    near: Some(GeoPoint {
                        lat: 91.0,
                        lng: 0.0,
                    }),
                    ..Default::default()
                },
                "lat",
            ),
            (
                TutorSearch {
                    near: Some(GeoPoint {
                        lat: 0.0,
                        lng: -180.5,
                    }),
                    ..Default::default()
                },
                "lng",
            ),
            (
                TutorSearch {
                    available_from: Some(t0),
                    ..Default::default()
                },
                "available_to",
            ),
            (
                TutorSearch {
                    available_to: Some(t0),
                    ..Default::default()
                },
                "available_from",
            ),
            (
                TutorSearch {
                    available_from: Some(t0),
                    available_to: Some(t0),
                    ..Default::default()
                },
                "available_to",
            ),
            (
                TutorSearch {
                    available_from: Some(t0),
                    available_to: Some(t0 + Duration::days(61)),
                    ..Default::default()
                },
                "available_to",
            ),
            (
                TutorSearch {
                    available_from: Some(t0),
                    available_to: Some(t0 + Duration::days(1)),
                    lesson_minutes: Some(5),
                    ..Default::default()
                },
                "lesson_minutes",
            ),
            (
                TutorSearch {
                    limit: Some(0),
                    ..Default::default()
                },
                "limit",
            ),
            (
                TutorSearch {
                    limit: Some(101),
                    ..Default::default()
                },
                "limit",
            ),
            (
                TutorSearch {
                    text: Some("x".repeat(201)),
                    ..Default::default()
                },
                "text",
            ),
            (
                TutorSearch {
                    subject: Some("  ".into()),
                    ..Default::default()
                },
                "subject",
            ),
            (
                TutorSearch {
                    cursor: Some("nope".into()),
                    ..Default::default()
                },
                "cursor",
            ),
        ];
        for (q, want) in cases {
            assert_eq!(field(q.clone()).as_deref(), Some(want), "{q:?}");
        }
    }

    #[test]
    fn a_cursor_is_bound_to_its_search() {
        let p = Policy::default();
        let q = TutorSearch {
            text: Some("guru".into()),
            ..Default::default()
        };
        let c = Criteria::parse(q.clone(), &p).unwrap();
        let key = SortKey {
            values: vec![d(8), d(4), d(10), d(3)],
            id: id(7),
        };
        let cursor = encode_cursor(&c.fingerprint, &key);
        let again = Criteria::parse(
            TutorSearch {
                cursor: Some(cursor.clone()),
                limit: Some(5),
                ..q.clone()
            },
            &p,
        )
        .unwrap();
        assert_eq!(again.after, Some(key));
        let other = TutorSearch {
            cursor: Some(cursor),
            sort: SearchSort::Rating,
            ..q
        };
        assert_eq!(
            Criteria::parse(other, &p).unwrap_err().field(),
            Some("cursor")
        );
    }

    fn d(v: i64) -> Decimal {
        Decimal::from(v)
    }

    fn key_strategy() -> impl Strategy<Value = SortKey> {
        (
            prop::collection::vec((0i64..4, 0u32..3), 1..=4),
            0u128..1000,
        )
            .prop_map(|(v, n)| SortKey {
                values: v
                    .into_iter()
                    .map(|(m, s)| Decimal::new(m * 10i64.pow(s), s))
                    .collect(),
                id: id(n),
            })
    }

    proptest! {
        #[test]
        fn cursors_round_trip_and_detect_any_edit(key in key_strategy(), pos in any::<prop::sample::Index>(), ch in "[A-Za-z0-9_-]") {
            let sort = match key.values.len() {
                1 => SearchSort::Newest,
                2 => SearchSort::MostLessons,
                3 => SearchSort::Rating,
                _ => SearchSort::Relevance,
            };
            let c = encode_cursor("0123456789abcdef", &key);
            prop_assert_eq!(decode_cursor(&c, "0123456789abcdef", sort).unwrap(), key.clone());
            prop_assert!(decode_cursor(&c, "fedcba9876543210", sort).is_err());
            let mut chars: Vec<char> = c.chars().collect();
            let i = pos.index(chars.len());
            let new = ch.chars().next().unwrap();
            if chars[i] != new {
                chars[i] = new;
                let edited: String = chars.into_iter().collect();
                let err = decode_cursor(&edited, "0123456789abcdef", sort).unwrap_err();
                prop_assert_eq!(err.field(), Some("cursor"));
            }
        }

        #[test]
        fn paging_yields_every_item_once_in_order(
            rows in prop::collection::vec((0i64..3, 0i64..3, 0u128..50), 0..60),
            limit in 1usize..8,
            sort_i in 0usize..6,
        ) {
            let sort = SearchSort::ALL[sort_i];
            let n = sort.descending().len();
            let mut seen = std::collections::HashSet::new();
            let mut sorted: Vec<(SortKey, u128)> = rows
                .into_iter()
                .filter(|(_, _, i)| seen.insert(*i))
                .map(|(a, b, i)| {
                    let mut values = vec![d(a), d(b), d(a + b), d(a * b)];
                    values.truncate(n);
                    (SortKey { values, id: id(i) }, i)
                })
                .collect();
            sorted.sort_by(|x, y| x.0.cmp_in(sort, &y.0));
            for w in sorted.windows(2) {
                prop_assert_eq!(w[0].0.cmp_in(sort, &w[1].0), Ordering::Less);
            }
            let mut all = Vec::new();
            let mut cursor: Option<String> = None;
            loop {
                let after_key = cursor.as_deref().map(|c| decode_cursor(c, "f", sort).unwrap());
                let (page, more) = after(sorted.clone(), sort, after_key.as_ref(), limit);
                prop_assert!(page.len() <= limit);
                all.extend(page.iter().map(|(_, i)| *i));
                if !more {
                    break;
                }
                cursor = Some(encode_cursor("f", &page.last().unwrap().0));
            }
            let want: Vec<u128> = sorted.iter().map(|(_, i)| *i).collect();
            prop_assert_eq!(all, want);
        }

        #[test]
        fn a_prefix_of_a_word_spells_a_prefix_of_its_spelling(w in "\\PC{1,12}", cut in 0usize..12) {
            for word in words(&w) {
                let chars: Vec<char> = word.chars().collect();
                let p: String = chars[..cut.min(chars.len())].iter().collect();
                prop_assert!(encode(&word).starts_with(&encode(&p)));
                let e = encode(&word);
                prop_assert!(e.starts_with('w'));
                prop_assert!(e.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
            }
        }

        #[test]
        fn any_text_tokenises_without_panicking(s in "\\PC{0,80}") {
            let terms = query_terms(&s);
            prop_assert!(terms.len() <= MAX_TERMS);
            let doc = document(Some(&s), None, &[]);
            if !terms.is_empty() {
                prop_assert!(relevance(&terms, &doc).is_some());
            }
        }
    }
}
