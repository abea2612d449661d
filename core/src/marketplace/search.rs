//! Tutor search: anyone may search, so no actor is needed — a search shows only what a public
//! profile page shows, of bookable tutors only, and hosts call it before a visitor logs in.
//! The rules (validation, text, relevance, order, cursors) are in [`crate::search`].

use super::tutors::load_calendar;
use super::{Actor, Marketplace, admin};
use crate::error::Result;
use crate::search::{self, Criteria, Hit, SearchPage, TutorSearch, Window};
use crate::slots::{self, SlotQuery};
use crate::store::{SearchDocument, SearchRepo, SubjectRepo, TutorRepo, Tx};
use crate::types::*;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Profiles read per page by [`Marketplace::rebuild_search_index`].
const REBUILD_PAGE: u32 = 5_000;

impl Marketplace {
    /// Searches bookable tutors: active profiles of active accounts with at least one active
    /// offering of an active subject. Filters, sorts, relevance and paging are described in
    /// [`crate::search`]; the same query gives the same page on PostgreSQL and SQLite.
    ///
    /// Runs in one read transaction. With an availability window, each remaining tutor's
    /// calendar is loaded and checked with [`crate::slots`] (a slot of `lesson_minutes`
    /// starting in the window, honouring notice, horizon, buffers, time-offs and bookings).
    ///
    /// # Errors
    /// - `validation` naming the field (see [`Criteria::parse`]): `text`, `subject`,
    ///   `min_price`, `max_price`, `city`, `min_rating`, `lat`, `lng`, `radius_km`,
    ///   `available_from`, `available_to`, `lesson_minutes`, `limit`, `cursor`;
    /// - `database` when the store fails.
    pub async fn search_tutors(&self, query: TutorSearch) -> Result<SearchPage> {
        let criteria = Criteria::parse(query, &self.policy)?;
        let now = self.now();
        let mut tx = self.store.begin_read().await?;
        let candidates = tx.search_candidates(&criteria.candidate_filter()).await?;
        let mut hits: Vec<Hit> = candidates
            .into_iter()
            .filter_map(|c| criteria.hit(c))
            .collect();
        if criteria.has_text() {
            let ids: Vec<TutorProfileId> = hits.iter().map(|h| h.candidate.id).collect();
            let docs: HashMap<TutorProfileId, SearchDocument> = tx
                .search_documents(&ids)
                .await?
                .into_iter()
                .map(|d| (d.tutor_profile_id, d))
                .collect();
            // The index only proposed these; the rule in `search` has the last word.
            hits.retain_mut(|h| {
                let score = docs
                    .get(&h.candidate.id)
                    .and_then(|d| criteria.relevance(&d.terms()));
                h.relevance = score.unwrap_or(0);
                score.is_some()
            });
        }
        if let Some(window) = criteria.window {
            let mut free = Vec::with_capacity(hits.len());
            for h in hits {
                if self
                    .has_free_slot(&mut tx, h.candidate.id, window, now)
                    .await?
                {
                    free.push(h);
                }
            }
            hits = free;
        }
        tx.rollback().await?;
        Ok(criteria.page(hits))
    }

    /// Rebuilds every tutor's search document from the profiles and subjects as they are now —
    /// after rows were written by other tools, or an upgrade from before search documents
    /// (admin). Returns how many documents were written.
    ///
    /// # Errors
    /// `forbidden` unless the actor is an active admin; `database` when the store fails.
    pub async fn rebuild_search_index(&self, actor: &Actor) -> Result<u64> {
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
            written += docs.len() as u64;
        }
        tx.commit().await?;
        Ok(written)
    }

    async fn has_free_slot(
        &self,
        tx: &mut Tx,
        tutor: TutorProfileId,
        window: Window,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        // Deleted since the candidates were read (PostgreSQL reads at READ COMMITTED).
        let Some(profile) = tx.get_tutor_profile(tutor).await? else {
            return Ok(false);
        };
        let duration = window.duration();
        let calendar =
            load_calendar(tx, &profile, window.from, window.to + duration, None, now).await?;
        let query = SlotQuery {
            from: window.from,
            to: window.to,
            duration,
            step: self.policy.slot_step,
        };
        Ok(!slots::available_slots(&calendar.inputs(self), &query).is_empty())
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
