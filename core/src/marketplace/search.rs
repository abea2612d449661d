//! Tutor search: anyone may search, so no actor is needed — a search shows only what a public
//! profile page shows, of bookable tutors only, and hosts call it before a visitor logs in.
//! The rules (validation, text, relevance, order, cursors) are in [`crate::search`].

use super::trace::{traced, use_case};
use super::tutors::load_calendars;
use super::{Actor, Marketplace, admin};
use crate::error::Result;
use crate::search::{self, COUNT_CAP, Candidate, Criteria, SearchPage, TutorSearch, Window};
use crate::slots::{self, SlotQuery};
use crate::store::{PageRow, SearchDocument, SearchRepo, SubjectRepo, TutorRepo, Tx};
use crate::types::*;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

/// Search rows a count reads at most: a few per tutor of [`COUNT_CAP`], so a count stops
/// once it has found more than the cap or about it.
const COUNT_ROWS: u32 = 4 * COUNT_CAP;

/// Tutors whose calendars an availability search reads together, at least.
const CALENDAR_BATCH: usize = 8;

/// Profiles read per page by [`Marketplace::rebuild_search_index`].
const REBUILD_PAGE: u32 = 20_000;

impl Marketplace {
    /// Searches bookable tutors: active profiles of active accounts with at least one active
    /// offering of an active subject. Filters, sorts, relevance, paging and the total are
    /// described in [`crate::search`]; the same query gives the same page on PostgreSQL and
    /// SQLite.
    ///
    /// One statement finds the page (every filter, the order and the limit in the database)
    /// and, without a radius or an availability window, its cards too (else one more reads
    /// them); one counts (only when the page does not already show everything);
    /// they run outside a transaction, each on the latest committed data (a tutor that stops
    /// being bookable in between is left off the page).
    /// With a radius, the tutors in the radius's bounding box are read and the exact distance
    /// decided here; with an availability window, tutors are taken in order and each one's
    /// calendar checked with [`crate::slots`] (a slot of `lesson_minutes` starting in the
    /// window, honouring notice, horizon, buffers, time-offs and bookings) until the page is
    /// full.
    ///
    /// # Errors
    /// - `validation` naming the field (see [`Criteria::parse`]): `text`, `subject`,
    ///   `min_price`, `max_price`, `city`, `min_rating`, `lat`, `lng`, `radius_km`,
    ///   `available_from`, `available_to`, `lesson_minutes`, `limit`, `cursor`;
    /// - `database` when the store fails.
    pub async fn search_tutors(&self, query: TutorSearch) -> Result<SearchPage> {
        let span = use_case!("search_tutors");
        traced(span, async move {
            let criteria = Criteria::parse(query, &self.policy)?;
            let plan = criteria.plan();
            let limit = criteria.limit();
            let now = self.now();
            // Outside a transaction: a search page is one statement, its cards one more, and a
            // BEGIN/ROLLBACK pair would double the round trips of the common search.
            let mut tx = self.store.read().await?;
            // One more than the page, to know whether another follows.
            let wanted = limit + 1;
            let mut found: Vec<PageRow> = Vec::with_capacity(wanted);
            let mut exact_total = None;
            // The common search (no radius, no availability window) reads its cards in the page's
            // own statement.
            let mut page_cards: Option<Vec<Candidate>> = None;
            if !criteria.has_radius() && criteria.window.is_none() {
                let (rows, cards) = tx
                    .search_page_with_cards(&plan, criteria.after(), wanted as u32)
                    .await?;
                found = rows;
                page_cards = Some(cards);
            } else if criteria.has_radius() {
                // The box holds every tutor in the radius and a few more: read it all, so that the
                // total is exact, and keep those within the radius.
                let inside: Vec<PageRow> = tx
                    .search_page(&plan, None, None)
                    .await?
                    .into_iter()
                    .filter(|r| criteria.within_radius(r.lat, r.lng))
                    .collect();
                exact_total = Some(inside.len() as i64);
                let rest = inside
                    .into_iter()
                    .filter(|r| criteria.after().is_none_or(|k| r.key > *k));
                found = self
                    .keep_free(&mut tx, &criteria, rest, wanted, now)
                    .await?;
            } else {
                let mut after = criteria.after().cloned();
                loop {
                    let rows = tx
                        .search_page(&plan, after.as_ref(), Some(wanted as u32))
                        .await?;
                    let last_chunk = rows.len() < wanted;
                    after = rows.last().map(|r| r.key.clone());
                    let need = wanted - found.len();
                    found.extend(self.keep_free(&mut tx, &criteria, rows, need, now).await?);
                    if last_chunk || found.len() >= wanted {
                        break;
                    }
                }
            }
            let more = found.len() > limit;
            found.truncate(limit);
            let next_cursor = more
                .then(|| found.last())
                .flatten()
                .map(|r| criteria.cursor_after(&r.key));
            let (total, total_exact) = match exact_total {
                Some(n) => (n, true),
                None if criteria.after().is_none() && !more => (found.len() as i64, true),
                None => {
                    let (n, all) = tx.search_count(&plan, COUNT_ROWS).await?;
                    let cap = i64::from(COUNT_CAP);
                    (n.min(cap), all && n <= cap && criteria.window.is_none())
                }
            };
            let cards = match page_cards {
                Some(cards) => cards,
                None => {
                    let ids: Vec<TutorProfileId> = found.iter().map(|r| r.key.id).collect();
                    tx.bookable_candidates(&ids).await?
                }
            };
            let mut cards: HashMap<TutorProfileId, Candidate> =
                cards.into_iter().map(|c| (c.id, c)).collect();
            tx.rollback().await?;
            // A tutor that stopped being bookable between the two reads is left out.
            let items = found
                .into_iter()
                .filter_map(|r| Some(criteria.summary(cards.remove(&r.key.id)?, r.price_minor)))
                .collect();
            Ok(SearchPage {
                items,
                next_cursor,
                total,
                total_exact,
            })
        })
        .await
    }

    /// Up to `need` of `rows`, in order, that have a free slot in the search's availability
    /// window (all of them, up to `need`, without a window). Calendars are read for a few
    /// tutors at a time, each batch in five statements.
    async fn keep_free(
        &self,
        tx: &mut Tx,
        criteria: &Criteria,
        rows: impl IntoIterator<Item = PageRow>,
        need: usize,
        now: DateTime<Utc>,
    ) -> Result<Vec<PageRow>> {
        let Some(window) = criteria.window else {
            return Ok(rows.into_iter().take(need).collect());
        };
        let rows: Vec<PageRow> = rows.into_iter().collect();
        let mut kept = Vec::new();
        for batch in rows.chunks(need.max(CALENDAR_BATCH)) {
            let free = self.free_tutors(tx, batch, window, now).await?;
            kept.extend(
                batch
                    .iter()
                    .filter(|r| free.contains(&r.key.id))
                    .take(need - kept.len())
                    .cloned(),
            );
            if kept.len() >= need {
                break;
            }
        }
        Ok(kept)
    }

    /// Rebuilds every tutor's search document and search rows from the profiles, subjects,
    /// accounts and addresses as they are now — after rows were written by other tools, or an
    /// upgrade from before search documents (admin). Returns how many documents were written.
    ///
    /// # Errors
    /// `forbidden` unless the actor is an active admin; `database` when the store fails.
    pub async fn rebuild_search_index(&self, actor: &Actor) -> Result<u64> {
        let span = use_case!("rebuild_search_index", actor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            admin(&mut tx, actor).await?;
            let now = self.now();
            let mut written = 0;
            let mut after = None;
            // Pages of profiles in id order: a few statements per page, memory bounded by the page.
            loop {
                let page = tx.document_sources(after, REBUILD_PAGE).await?;
                let Some(last) = page.last() else { break };
                after = Some(last.tutor_profile_id);
                let docs: Vec<SearchDocument> = page
                    .iter()
                    .map(|p| {
                        let terms =
                            search::document(p.headline.as_deref(), p.bio.as_deref(), &p.subjects);
                        SearchDocument {
                            tutor_profile_id: p.tutor_profile_id,
                            headline_terms: terms.headline,
                            bio_terms: terms.bio,
                            subject_terms: terms.subjects,
                            updated_at: now,
                        }
                    })
                    .collect();
                tx.upsert_search_documents(&docs).await?;
                let ids: Vec<TutorProfileId> = docs.iter().map(|d| d.tutor_profile_id).collect();
                tx.refresh_search_rows(&ids).await?;
                written += docs.len() as u64;
            }
            tx.commit().await?;
            Ok(written)
        })
        .await
    }

    /// Which of these tutors have a slot of the window's length starting in it (honouring
    /// notice, horizon, buffers, time-offs and bookings).
    async fn free_tutors(
        &self,
        tx: &mut Tx,
        rows: &[PageRow],
        window: Window,
        now: DateTime<Utc>,
    ) -> Result<HashSet<TutorProfileId>> {
        let ids: Vec<TutorProfileId> = rows.iter().map(|r| r.key.id).collect();
        // A tutor deleted since the page was read has no profile and no slot.
        let profiles = tx.get_tutor_profiles(&ids).await?;
        let duration = window.duration();
        let calendars =
            load_calendars(tx, &profiles, window.from, window.to + duration, None, now).await?;
        let query = SlotQuery {
            from: window.from,
            to: window.to,
            duration,
            step: self.policy.slot_step,
        };
        Ok(profiles
            .iter()
            .zip(calendars)
            .filter(|(_, c)| !slots::available_slots(&c.inputs(self), &query).is_empty())
            .map(|(p, _)| p.id)
            .collect())
    }
}

/// Rewrites a tutor's search document from its headline, bio and the names of the subjects it
/// actively teaches. Called in the transaction of every use case that changes one of them.
pub(crate) async fn refresh_search_document(
    tx: &mut Tx,
    profile: &TutorProfile,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut names = Vec::new();
    for ts in tx.list_tutor_subjects(profile.id).await? {
        if !ts.is_active {
            continue;
        }
        if let Some(s) = tx.get_subject(ts.subject_id).await?
            && s.is_active
        {
            names.push(s.name);
        }
    }
    let terms = search::document(profile.headline.as_deref(), profile.bio.as_deref(), &names);
    tx.upsert_search_document(&SearchDocument {
        tutor_profile_id: profile.id,
        headline_terms: terms.headline,
        bio_terms: terms.bio,
        subject_terms: terms.subjects,
        updated_at: now,
    })
    .await
}
