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
//!   with an FTS5 table. The index only *finds* candidates; the relevance below is computed
//!   from the three stored fields by the same integer expression on both databases
//!   ([`RELEVANCE_LADDER`], matched with `LIKE` on the space-separated spellings), so the
//!   matching set and the score are defined here, once ([`relevance`] is the same rule in Rust).
//!
//! # Relevance
//! Every query word must occur in the tutor's headline, bio or subject names (AND); the last
//! word also matches as a prefix (search as you type). A word scores the best of its fields:
//! subject name 4, headline 3, bio 1, doubled when the word occurs whole (a prefix-only match of
//! the last word counts once). The relevance is the sum over the query's words; ties go to the
//! higher rating, more ratings, more lessons, then the tutor id.
//!
//! # Filters, order and pages: in the database
//! Every bookable offering has a row in the search table (`tutor_search_offerings`, see
//! [`search_rows`]) holding what the filters and orders read, as exact integers: the effective
//! price in minor units, the rating ×10, counts, the creation instant in microseconds, the
//! folded city. A search is one statement over that table: every filter, the order and the page
//! limit run in the database, on an index where one fits, and stop after the page.
//! Each order is a list of integer keys that all run ascending (the best first: the table keeps
//! ratings, counts and instants negated), ending with the tutor id, so the order is total and
//! the same on both databases. A cursor is the key of the last item of a page plus a
//! fingerprint of the query, checksummed and base64url-encoded: the next page is "every key
//! after this one", one row-value comparison an index starts from, so page N costs what page 1
//! costs and stays correct when tutors come and go between calls.
//!
//! # The total
//! `total` counts the matching tutors exactly up to [`COUNT_CAP`]; beyond it the page says at
//! most [`COUNT_CAP`] with `total_exact == false` ("1,000+"), as marketplaces show it, because
//! an exact count of a broad search is a scan of every match. (The count reads a few search
//! rows per tutor of the cap; a search whose tutors match through many offerings each may
//! stop below the cap — still a lower bound, still `total_exact == false`.) With an
//! availability window, only the tutors of the pages are checked against their calendars: the
//! total then counts the tutors passing every other filter (an upper bound, `total_exact ==
//! false`) unless the whole result fits on the first page.

use crate::error::{Error, Result};
use crate::policy::Policy;
use crate::types::{Currency, Level, SubjectId, TeachingMode, TutorProfileId, TutorSubjectId};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
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
/// Matches are counted exactly up to this many; beyond, `total` is this with
/// `total_exact == false`.
pub const COUNT_CAP: u32 = 1_000;
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

    /// The integer keys of the order, each ascending, before the tutor id: relevance →
    /// (−relevance, rating rank, ratings rank, lessons rank); rating → (rating rank, ratings
    /// rank, lessons rank); price ascending → (lowest matching price); price descending →
    /// (−lowest matching price); most lessons → (lessons rank, rating rank); newest → (newest
    /// rank). The ranks are the search table's negated columns ([`SearchRow`]).
    pub fn keys(self) -> &'static [SortColumn] {
        use SortColumn::*;
        match self {
            SearchSort::Relevance => &[NegRelevance, RatingRank, RatingsRank, LessonsRank],
            SearchSort::Rating => &[RatingRank, RatingsRank, LessonsRank],
            SearchSort::PriceAsc => &[Price],
            SearchSort::PriceDesc => &[NegPrice],
            SearchSort::MostLessons => &[LessonsRank, RatingRank],
            SearchSort::Newest => &[NewestRank],
        }
    }
}

/// One integer key of an order (see [`SearchSort::keys`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    /// The text relevance, negated.
    NegRelevance,
    /// `rating_rank`.
    RatingRank,
    /// `ratings_rank`.
    RatingsRank,
    /// `lessons_rank`.
    LessonsRank,
    /// `newest_rank`.
    NewestRank,
    /// The tutor's lowest matching price in minor units.
    Price,
    /// The same, negated.
    NegPrice,
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
    /// How many tutors match the search in all (every page): exact when `total_exact`, else a
    /// lower bound ([`COUNT_CAP`], "1,000+") or, with an availability window, an upper bound
    /// (see the module docs).
    pub total: i64,
    /// Whether `total` is the exact number of matches.
    pub total_exact: bool,
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

/// A bookable tutor as the store reads it: what a result card shows and what its search rows
/// are made of.
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
    /// `tutor_subjects.id`.
    pub tutor_subject_id: TutorSubjectId,
    /// `tutor_subjects.subject_id`.
    pub subject_id: SubjectId,
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

/// A validated search as the store runs it: every filter as the search table's exact
/// integers and keys ([`Criteria::plan`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPlan {
    /// Only offerings of the subject with this slug.
    pub subject: Option<String>,
    /// Only offerings at this level.
    pub level: Option<Level>,
    /// Lowest effective price, in minor units.
    pub min_price_minor: Option<i64>,
    /// Highest effective price, in minor units.
    pub max_price_minor: Option<i64>,
    /// Highest `rating_rank` (the minimum rating, ×10, negated and rounded toward it).
    pub max_rating_rank: Option<i64>,
    /// Only verified tutors.
    pub verified_only: bool,
    /// Only tutors whose folded base city is this.
    pub city_key: Option<String>,
    /// Only tutors teaching online.
    pub online: bool,
    /// Only tutors teaching offline.
    pub offline: bool,
    /// Only tutors whose primary address lies in this box (the exact radius is checked by
    /// [`Criteria::within_radius`]).
    pub bbox: Option<BoundingBox>,
    /// Only tutors whose search document has every term, scored by [`RELEVANCE_LADDER`].
    pub terms: Vec<SearchTerm>,
    /// The order.
    pub sort: SearchSort,
}

/// One row of the search table `tutor_search_offerings`: a bookable offering with what the
/// filters and orders read (see the module docs and migration 0009).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRow {
    /// The offering.
    pub tutor_subject_id: TutorSubjectId,
    /// Its tutor.
    pub tutor_profile_id: TutorProfileId,
    /// Its subject.
    pub subject_id: SubjectId,
    /// Its level.
    pub level: Option<Level>,
    /// Effective price (override, else hourly rate) in minor units.
    pub price_minor: i64,
    /// `-rating_avg × 10`.
    pub rating_rank: i32,
    /// `-rating_count`.
    pub ratings_rank: i32,
    /// `-completed_lessons_count`.
    pub lessons_rank: i32,
    /// `-created_at` in microseconds.
    pub newest_rank: i64,
    /// Whether the tutor is verified.
    pub is_verified: bool,
    /// The base city's words, space-separated (empty without a city).
    pub city_key: String,
    /// Teaches online (`online` or `both`).
    pub online: bool,
    /// Teaches offline (`offline` or `both`).
    pub offline: bool,
    /// Latitude of the primary address, as the radius check reads it.
    pub lat: Option<f64>,
    /// Longitude of the primary address.
    pub lng: Option<f64>,
}

/// An amount in minor units (two decimals, as every price column holds).
fn minor_units(amount: Decimal) -> i64 {
    (amount * Decimal::ONE_HUNDRED)
        .trunc()
        .to_i64()
        .expect("prices fit NUMERIC(12,2)")
}

/// The search rows of a bookable tutor: one per active offering.
pub fn search_rows(c: &Candidate) -> Vec<SearchRow> {
    let rating_x10 = (c.rating_avg * Decimal::TEN)
        .trunc()
        .to_i32()
        .expect("ratings are 0.0 to 5.0");
    let location = c.location.and_then(location_f64);
    let city_key = c.city.as_deref().map(words).unwrap_or_default().join(" ");
    c.offerings
        .iter()
        .map(|o| SearchRow {
            tutor_subject_id: o.tutor_subject_id,
            tutor_profile_id: c.id,
            subject_id: o.subject_id,
            level: o.level,
            price_minor: minor_units(o.price_override.unwrap_or(c.hourly_rate)),
            rating_rank: -rating_x10,
            ratings_rank: -c.rating_count,
            lessons_rank: -c.completed_lessons,
            newest_rank: -c.created_at.timestamp_micros(),
            is_verified: c.is_verified,
            city_key: city_key.clone(),
            online: teaches(&c.teaching_modes, TeachingMode::Online),
            offline: teaches(&c.teaching_modes, TeachingMode::Offline),
            lat: location.map(|p| p.lat),
            lng: location.map(|p| p.lng),
        })
        .collect()
}

/// A stored coordinate pair as a point; normalised first, so the same value read at another
/// scale gives the same float.
fn location_f64((lat, lng): (Decimal, Decimal)) -> Option<GeoPoint> {
    Some(GeoPoint {
        lat: lat.normalize().to_f64()?,
        lng: lng.normalize().to_f64()?,
    })
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

/// A field of a search document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentField {
    /// Subject names.
    Subjects,
    /// The headline.
    Headline,
    /// The bio.
    Bio,
}

/// How a query word scores, best first: the first rung it meets is its score (a whole word in
/// the subject names 8, in the headline 6; the prefix-only match of the last word in the subject
/// names 4, in the headline 3; a whole word in the bio 2, a prefix in it 1). `true` = a whole
/// word; `false` = a prefix, which only the query's last word may use. Both databases evaluate
/// this list (as `CASE … LIKE …`), and [`relevance`] in Rust.
pub const RELEVANCE_LADDER: &[(DocumentField, bool, u32)] = &[
    (DocumentField::Subjects, true, 8),
    (DocumentField::Headline, true, 6),
    (DocumentField::Subjects, false, 4),
    (DocumentField::Headline, false, 3),
    (DocumentField::Bio, true, 2),
    (DocumentField::Bio, false, 1),
];

/// The relevance of a document for `terms` (see the module docs); `None` when some term
/// matches no field.
pub fn relevance(terms: &[SearchTerm], doc: &DocumentTerms) -> Option<u32> {
    let mut total = 0;
    for t in terms {
        let score = RELEVANCE_LADDER.iter().find_map(|(field, whole, score)| {
            let text = match field {
                DocumentField::Subjects => &doc.subjects,
                DocumentField::Headline => &doc.headline,
                DocumentField::Bio => &doc.bio,
            };
            let hit = text.split(' ').any(|token| {
                if *whole {
                    token == t.spelling
                } else {
                    t.prefix && token.starts_with(&t.spelling)
                }
            });
            hit.then_some(*score)
        })?;
        total += score;
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

    /// The search as the store runs it.
    pub fn plan(&self) -> SearchPlan {
        let wants = |m| self.mode.is_some_and(|w| w == m || w == TeachingMode::Both);
        SearchPlan {
            subject: self.subject.clone(),
            level: self.level,
            // Validated to two decimals, so these are exact.
            min_price_minor: self.min_price.map(minor_units),
            max_price_minor: self.max_price.map(minor_units),
            // rating_avg ≥ r ⇔ rating×10 ≥ ⌈10r⌉ (ratings hold one decimal).
            max_rating_rank: self
                .min_rating
                .map(|r| -(r * Decimal::TEN).ceil().to_i64().expect("0 to 50")),
            verified_only: self.verified_only,
            city_key: self.city.as_ref().map(|w| w.join(" ")),
            online: wants(TeachingMode::Online),
            offline: wants(TeachingMode::Offline),
            bbox: self
                .near
                .zip(self.radius_km)
                .map(|(p, r)| bounding_box(p, r)),
            terms: self.terms.clone(),
            sort: self.sort,
        }
    }

    /// The page size.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Where the page starts: the key of the previous page's last item.
    pub fn after(&self) -> Option<&SortKey> {
        self.after.as_ref()
    }

    /// Whether the search has a radius, whose exact test is done here.
    pub fn has_radius(&self) -> bool {
        self.radius_km.is_some()
    }

    /// Whether a search row's position lies within the radius (always, without one).
    pub fn within_radius(&self, lat: Option<f64>, lng: Option<f64>) -> bool {
        match (self.near, self.radius_km) {
            (Some(p), Some(r)) => lat
                .zip(lng)
                .is_some_and(|(lat, lng)| haversine_km(p, GeoPoint { lat, lng }) <= r),
            _ => true,
        }
    }

    /// The cursor of the page that ends at `key`.
    pub fn cursor_after(&self, key: &SortKey) -> String {
        encode_cursor(&self.fingerprint, key)
    }

    /// A result card: the candidate, its lowest matching price (minor units) and its distance
    /// from the search's point.
    pub fn summary(&self, c: Candidate, price_minor: i64) -> TutorSummary {
        let distance_km = self
            .near
            .zip(c.location.and_then(location_f64))
            .map(|(p, l)| haversine_km(p, l));
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
            min_price: Decimal::new(price_minor, 2).normalize(),
            currency: c.currency,
            is_verified: c.is_verified,
            teaching_modes: c.teaching_modes,
            subjects,
            completed_lessons: c.completed_lessons,
            distance_km,
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

/// A position in a sorted result list: the sort's integer keys (all ascending, see
/// [`SearchSort::keys`]), then the tutor id. Keys compare component by component.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SortKey {
    /// The sort's components.
    pub values: Vec<i64>,
    /// The tie-breaker.
    pub id: TutorProfileId,
}

const CURSOR_DOMAIN: &[u8] = b"blajarplus.search.cursor.v2";
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
    if body.k.values.len() != sort.keys().len() {
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
            values: vec![-8, -40, -10, -3],
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

    fn key_strategy() -> impl Strategy<Value = SortKey> {
        (prop::collection::vec(any::<i64>(), 1..=4), 0u128..1000)
            .prop_map(|(values, n)| SortKey { values, id: id(n) })
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
        fn the_relevance_ladder_is_the_best_field_score(
            words in prop::collection::vec("[a-c]{1,3}", 1..4),
            subjects in "[a-c ]{0,12}",
            headline in "[a-c ]{0,12}",
            bio in "[a-c ]{0,12}",
        ) {
            // The rule the ladder encodes: per word the best field (subjects 4, headline 3,
            // bio 1), doubled for a whole word; the last word may also match as a prefix.
            let terms = query_terms(&words.join(" "));
            let doc = document(Some(&headline), Some(&bio), &[subjects]);
            let mut want = Some(0);
            for t in &terms {
                let mut best = 0;
                for (field, weight) in [(&doc.subjects, 4), (&doc.headline, 3), (&doc.bio, 1)] {
                    for token in field.split(' ') {
                        if token == t.spelling {
                            best = best.max(weight * 2);
                        } else if t.prefix && !token.is_empty() && token.starts_with(&t.spelling) {
                            best = best.max(weight);
                        }
                    }
                }
                want = want.and_then(|w: u32| (best > 0).then_some(w + best));
            }
            prop_assert_eq!(relevance(&terms, &doc), want);
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
