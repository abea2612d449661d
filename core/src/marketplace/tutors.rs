//! Tutor profiles, what they teach, when they teach, and the slots that follow.

use super::trace::{record, traced, use_case};
use super::{Actor, Marketplace, admin, own_tutor_profile, text};
use crate::bookable::{self, Bookability};
use crate::error::{Error, Result};
use crate::slots::{self, DateOverride, Interval, SlotInputs, SlotQuery, WeeklyRule};
use crate::store::{BookingRepo, ScheduleRepo, SubjectRepo, TutorRepo, Tx};
use crate::types::*;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use tracing::field::Empty;

/// A new tutor profile (it starts as a draft).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewTutorProfile {
    /// Up to 255 characters.
    pub headline: Option<String>,
    /// Free text.
    pub bio: Option<String>,
    /// Free text.
    pub education: Option<String>,
    /// 0–80.
    pub experience_years: Option<i32>,
    /// At least one.
    pub teaching_modes: Vec<TeachingMode>,
    /// City the tutor is based in.
    pub base_city: Option<String>,
    /// IANA zone; `Asia/Jakarta` when `None`.
    pub timezone: Option<String>,
    /// Greater than zero, at most two decimals.
    pub hourly_rate: Decimal,
    /// Link to an introduction video.
    pub intro_video_url: Option<String>,
}

/// A subject the tutor teaches.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTutorSubject {
    /// The subject.
    pub subject_id: SubjectId,
    /// The level taught.
    pub level: Level,
    /// Replaces the hourly rate for this subject.
    pub price_override: Option<Decimal>,
    /// What the tutor offers in it.
    pub description: Option<String>,
}

/// A weekly availability rule, in the tutor's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AvailabilityRule {
    /// 0 = Sunday … 6 = Saturday.
    pub day_of_week: i32,
    /// Local start.
    pub start_time: NaiveTime,
    /// Local end, after the start, the same day.
    pub end_time: NaiveTime,
    /// The window's grid, 15–480 minutes: lessons start at `start_time` and every
    /// `slot_duration_minutes` after it (a 16:00–20:00 window of 60 offers 16:00, 17:00, 18:00
    /// and 19:00 starts); a lesson may be any length the policy allows that ends by
    /// `end_time`. Date overrides, which have no grid, use the policy's `slot_step`.
    pub slot_duration_minutes: i32,
}

/// Parses an IANA zone name.
pub(crate) fn zone(name: &str) -> Result<Tz> {
    name.parse::<Tz>()
        .map_err(|_| Error::validation("timezone", format!("{name:?} is not an IANA time zone")))
}

/// `"Bahasa Inggris"` → `"bahasa-inggris"`: ASCII-folded, lower-case, dash-separated.
pub(crate) fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(fold_ascii) {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

fn fold_ascii(c: char) -> Vec<char> {
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        'ç' | 'Ç' => 'c',
        'ß' => return vec!['s', 's'],
        other => other,
    };
    vec![folded]
}

/// A catalogue name (1–100 characters) and the slug made from it.
pub(crate) fn named(name: &str) -> Result<(String, String)> {
    let name = text("name", Some(name.into()), 100)?
        .ok_or_else(|| Error::validation("name", "is required"))?;
    let slug = slugify(&name);
    if slug.is_empty() {
        return Err(Error::validation(
            "name",
            "needs at least one letter or digit",
        ));
    }
    Ok((name, slug))
}

/// Writes the tutor-editable fields of a profile, validated.
pub(crate) fn fill_profile(profile: &mut TutorProfile, new: NewTutorProfile) -> Result<()> {
    if new.hourly_rate <= Decimal::ZERO {
        return Err(Error::validation(
            "hourly_rate",
            "must be greater than zero",
        ));
    }
    check_amount("hourly_rate", new.hourly_rate)?;
    let timezone = new.timezone.unwrap_or_else(|| "Asia/Jakarta".into());
    zone(&timezone)?;
    if new.teaching_modes.is_empty() {
        return Err(Error::validation(
            "teaching_modes",
            "at least one is required",
        ));
    }
    if let Some(y) = new.experience_years
        && !(0..=80).contains(&y)
    {
        return Err(Error::validation(
            "experience_years",
            "must be between 0 and 80",
        ));
    }
    let mut modes = new.teaching_modes;
    modes.sort();
    modes.dedup();
    profile.headline = text("headline", new.headline, 255)?;
    profile.bio = text("bio", new.bio, 5000)?;
    profile.education = text("education", new.education, 2000)?;
    profile.experience_years = new.experience_years;
    profile.teaching_modes = modes;
    profile.base_city = text("base_city", new.base_city, 100)?;
    profile.timezone = timezone;
    profile.intro_video_url = crate::validation::https_url("intro_video_url", new.intro_video_url)?;
    profile.hourly_rate = new.hourly_rate;
    Ok(())
}

/// Validates a set of weekly rules: each well-formed, none overlapping another on its day.
pub(crate) fn check_rules(rules: &[AvailabilityRule]) -> Result<()> {
    for r in rules {
        if !(0..=6).contains(&r.day_of_week) {
            return Err(Error::validation(
                "day_of_week",
                "must be 0 (Sunday) to 6 (Saturday)",
            ));
        }
        if r.end_time <= r.start_time {
            return Err(Error::validation("end_time", "must be after start_time"));
        }
        if !(15..=480).contains(&r.slot_duration_minutes) {
            return Err(Error::validation(
                "slot_duration_minutes",
                "must be between 15 and 480",
            ));
        }
    }
    for (i, a) in rules.iter().enumerate() {
        for b in &rules[i + 1..] {
            if a.day_of_week == b.day_of_week
                && a.start_time < b.end_time
                && b.start_time < a.end_time
            {
                return Err(Error::validation(
                    "start_time",
                    format!(
                        "rules overlap on day {}: {}–{} and {}–{}",
                        a.day_of_week, a.start_time, a.end_time, b.start_time, b.end_time
                    ),
                ));
            }
        }
    }
    Ok(())
}

impl Marketplace {
    /// Creates the actor's tutor profile, as a draft.
    ///
    /// # Errors
    /// - `forbidden` unless the actor is an active tutor;
    /// - `validation` on `hourly_rate`, `timezone`, `teaching_modes`, `experience_years`,
    ///   `headline`, `bio`, `education`, `base_city`, `intro_video_url` (an https URL);
    /// - `conflict` when the tutor already has a profile.
    pub async fn create_tutor_profile(
        &self,
        actor: &Actor,
        new: NewTutorProfile,
    ) -> Result<TutorProfile> {
        let span = use_case!("create_tutor_profile", actor, tutor.id = Empty);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let user = super::active_user(&mut tx, actor).await?;
            if user.role != Role::Tutor {
                return Err(Error::Forbidden(
                    "only a tutor may create a tutor profile".into(),
                ));
            }
            let now = self.now();
            let mut profile = TutorProfile {
                id: TutorProfileId::new(),
                user_id: user.id,
                headline: None,
                bio: None,
                education: None,
                experience_years: None,
                teaching_modes: Vec::new(),
                base_city: None,
                timezone: String::new(),
                intro_video_url: None,
                hourly_rate: Decimal::ZERO,
                currency: Currency::IDR,
                is_verified: false,
                verification_status: VerificationStatus::None,
                verification_note: None,
                rating_avg: Decimal::new(0, 1),
                rating_count: 0,
                completed_lessons_count: 0,
                response_rate: 0,
                status: TutorStatus::Draft,
                created_at: now,
                updated_at: now,
                deleted_at: None,
            };
            fill_profile(&mut profile, new)?;
            record("tutor.id", profile.id);
            tx.insert_tutor_profile(&profile).await?;
            super::search::refresh_search_document(&mut tx, &profile, now).await?;
            tx.commit().await?;
            Ok(profile)
        })
        .await
    }

    /// Creates a subject category (admin).
    ///
    /// # Errors
    /// `forbidden` unless admin; `validation` on `name`; `conflict` on a taken slug.
    pub async fn create_category(&self, actor: &Actor, name: &str) -> Result<SubjectCategory> {
        let span = use_case!("create_category", actor, category.id = Empty);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            admin(&mut tx, actor).await?;
            let (name, slug) = named(name)?;
            let now = self.now();
            let c = SubjectCategory {
                id: CategoryId::new(),
                name,
                slug,
                is_active: true,
                created_at: now,
                updated_at: now,
            };
            record("category.id", c.id);
            tx.insert_category(&c).await?;
            tx.commit().await?;
            Ok(c)
        })
        .await
    }

    /// Creates a subject (admin).
    ///
    /// # Errors
    /// `forbidden` unless admin; `validation` on `name`; `not_found` for an unknown category;
    /// `conflict` on a taken slug.
    pub async fn create_subject(
        &self,
        actor: &Actor,
        name: &str,
        category: Option<CategoryId>,
    ) -> Result<Subject> {
        let span = use_case!("create_subject", actor, subject.id = Empty);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            admin(&mut tx, actor).await?;
            let (name, slug) = named(name)?;
            if let Some(c) = category
                && tx.get_category(c).await?.is_none()
            {
                return Err(Error::not_found("subject category", c));
            }
            let now = self.now();
            let s = Subject {
                id: SubjectId::new(),
                name,
                slug,
                category_id: category,
                is_active: true,
                created_at: now,
                updated_at: now,
            };
            record("subject.id", s.id);
            tx.insert_subject(&s).await?;
            tx.commit().await?;
            Ok(s)
        })
        .await
    }

    /// Adds a subject to the actor's teaching.
    ///
    /// # Errors
    /// `forbidden` unless a tutor with a profile; `not_found` for an unknown or inactive
    /// subject; `validation` on `price_override`; `conflict` when already taught at that level.
    pub async fn add_tutor_subject(
        &self,
        actor: &Actor,
        new: NewTutorSubject,
    ) -> Result<TutorSubject> {
        let span = use_case!("add_tutor_subject", actor, tutor_subject.id = Empty);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let profile = own_tutor_profile(&mut tx, actor).await?;
            match tx.get_subject(new.subject_id).await? {
                Some(s) if s.is_active => {}
                _ => return Err(Error::not_found("subject", new.subject_id)),
            }
            if let Some(p) = new.price_override {
                if p <= Decimal::ZERO {
                    return Err(Error::validation(
                        "price_override",
                        "must be greater than zero",
                    ));
                }
                check_amount("price_override", p)?;
            }
            let now = self.now();
            let ts = TutorSubject {
                id: TutorSubjectId::new(),
                tutor_profile_id: profile.id,
                subject_id: new.subject_id,
                level: Some(new.level),
                price_override: new.price_override,
                currency: profile.currency,
                description: text("description", new.description, 2000)?,
                is_active: true,
                created_at: now,
                updated_at: now,
            };
            record("tutor_subject.id", ts.id);
            tx.insert_tutor_subject(&ts).await?;
            super::search::refresh_search_document(&mut tx, &profile, now).await?;
            tx.commit().await?;
            Ok(ts)
        })
        .await
    }

    /// Replaces the actor's weekly availability with `rules`, atomically.
    ///
    /// # Errors
    /// `forbidden` unless a tutor with a profile; `validation` on `day_of_week`, `end_time`,
    /// `slot_duration_minutes`, or `start_time` for rules overlapping on a day.
    pub async fn set_weekly_availability(
        &self,
        actor: &Actor,
        rules: Vec<AvailabilityRule>,
    ) -> Result<Vec<TutorAvailability>> {
        let span = use_case!("set_weekly_availability", actor);
        traced(span, async move {
            check_rules(&rules)?;
            let mut tx = self.store.begin().await?;
            let profile = own_tutor_profile(&mut tx, actor).await?;
            for old in tx.list_availabilities(&[profile.id]).await? {
                tx.delete_availability(old.id).await?;
            }
            let now = self.now();
            let mut out = Vec::with_capacity(rules.len());
            for r in rules {
                let row = TutorAvailability {
                    id: AvailabilityId::new(),
                    tutor_profile_id: profile.id,
                    day_of_week: r.day_of_week,
                    start_time: r.start_time,
                    end_time: r.end_time,
                    slot_duration_minutes: r.slot_duration_minutes,
                    is_active: true,
                    created_at: now,
                    updated_at: now,
                };
                tx.insert_availability(&row).await?;
                out.push(row);
            }
            tx.commit().await?;
            out.sort_by_key(|r| (r.day_of_week, r.start_time));
            Ok(out)
        })
        .await
    }

    /// Adds a time-off to the actor's calendar.
    ///
    /// # Errors
    /// `forbidden` unless a tutor with a profile; `validation` on `end_at` (not after start)
    /// or `reason` (too long).
    pub async fn add_time_off(
        &self,
        actor: &Actor,
        start_at: DateTime<Utc>,
        end_at: DateTime<Utc>,
        reason: Option<String>,
    ) -> Result<TutorTimeOff> {
        let span = use_case!("add_time_off", actor);
        traced(span, async move {
            if end_at <= start_at {
                return Err(Error::validation("end_at", "must be after start_at"));
            }
            let mut tx = self.store.begin().await?;
            let profile = own_tutor_profile(&mut tx, actor).await?;
            let off = TutorTimeOff {
                id: TimeOffId::new(),
                tutor_profile_id: profile.id,
                start_at,
                end_at,
                reason: text("reason", reason, 1000)?,
                created_at: self.now(),
            };
            tx.insert_time_off(&off).await?;
            tx.commit().await?;
            Ok(off)
        })
        .await
    }

    /// Gives one local date other hours than the weekly rules (`hours` empty = closed that
    /// day), replacing any earlier override of that date.
    ///
    /// # Errors
    /// `forbidden` unless a tutor with a profile; `validation` on `end_time` or overlapping
    /// ranges (`start_time`).
    pub async fn set_date_override(
        &self,
        actor: &Actor,
        date: NaiveDate,
        hours: Vec<(NaiveTime, NaiveTime)>,
    ) -> Result<Vec<TutorDateOverride>> {
        let span = use_case!("set_date_override", actor);
        traced(span, async move {
            let as_rules: Vec<AvailabilityRule> = hours
                .iter()
                .map(|(s, e)| AvailabilityRule {
                    day_of_week: 0,
                    start_time: *s,
                    end_time: *e,
                    slot_duration_minutes: 60,
                })
                .collect();
            check_rules(&as_rules)?;
            let mut tx = self.store.begin().await?;
            let profile = own_tutor_profile(&mut tx, actor).await?;
            tx.delete_date_overrides_on(profile.id, date).await?;
            let now = self.now();
            let rows: Vec<TutorDateOverride> = if hours.is_empty() {
                vec![(None, None)]
            } else {
                hours.iter().map(|(s, e)| (Some(*s), Some(*e))).collect()
            }
            .into_iter()
            .map(|(start_time, end_time)| TutorDateOverride {
                id: DateOverrideId::new(),
                tutor_profile_id: profile.id,
                date,
                start_time,
                end_time,
                created_at: now,
            })
            .collect();
            for r in &rows {
                tx.insert_date_override(r).await?;
            }
            tx.commit().await?;
            Ok(rows)
        })
        .await
    }

    /// Makes the actor's draft (or inactive) profile bookable: it needs at least one active
    /// subject and one availability rule.
    ///
    /// # Errors
    /// `forbidden` unless a tutor with a profile (a banned profile cannot be published);
    /// `validation` on `tutor_subjects` or `availability` when missing.
    pub async fn publish_tutor_profile(&self, actor: &Actor) -> Result<TutorProfile> {
        let span = use_case!("publish_tutor_profile", actor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let mut profile = super::own_tutor_profile_locked(&mut tx, actor).await?;
            if profile.status == TutorStatus::Banned {
                return Err(Error::Forbidden("the profile is banned".into()));
            }
            if !tx
                .list_tutor_subjects(profile.id)
                .await?
                .iter()
                .any(|s| s.is_active)
            {
                return Err(Error::validation(
                    "tutor_subjects",
                    "add at least one subject first",
                ));
            }
            if !tx
                .list_availabilities(&[profile.id])
                .await?
                .iter()
                .any(|r| r.is_active)
            {
                return Err(Error::validation(
                    "availability",
                    "add weekly availability first",
                ));
            }
            profile.status = TutorStatus::Active;
            profile.updated_at = self.now();
            tx.update_tutor_profile(&profile).await?;
            tx.commit().await?;
            Ok(profile)
        })
        .await
    }

    /// The tutor's free slots of `duration_minutes` starting in `[from, to)`, in UTC.
    ///
    /// # Errors
    /// `not_found` for an unknown tutor; `validation` on `duration_minutes` (outside the
    /// policy's lesson lengths) or `to` (before `from`, or more than 62 days after it).
    pub async fn available_slots(
        &self,
        tutor: TutorProfileId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        duration_minutes: i64,
    ) -> Result<Vec<Interval>> {
        let span = use_case!("available_slots", tutor.id = %tutor);
        traced(span, async move {
            let (min, max) = self.policy.lesson_minutes;
            if !(min..=max).contains(&duration_minutes) {
                return Err(Error::validation(
                    "duration_minutes",
                    format!("must be between {min} and {max}"),
                ));
            }
            if to <= from || to - from > Duration::days(62) {
                return Err(Error::validation(
                    "to",
                    "must be after from, at most 62 days later",
                ));
            }
            let mut tx = self.store.begin().await?;
            let Some(profile) = bookable_tutor(&mut tx, tutor).await? else {
                return Ok(Vec::new());
            };
            let duration = Duration::minutes(duration_minutes);
            let loaded =
                load_calendar(&mut tx, &profile, from, to + duration, None, self.now()).await?;
            let query = SlotQuery {
                from,
                to,
                duration,
                step: self.policy.slot_step,
            };
            Ok(slots::available_slots(&loaded.inputs(self), &query))
        })
        .await
    }
}

/// A tutor's calendar around a window, loaded once for the pure slot rules.
pub(crate) struct Calendar {
    pub tz: Tz,
    pub rules: Vec<WeeklyRule>,
    pub overrides: Vec<DateOverride>,
    pub time_offs: Vec<Interval>,
    pub busy: Vec<Interval>,
    pub now: DateTime<Utc>,
}

impl Calendar {
    pub(crate) fn inputs<'a>(&'a self, m: &Marketplace) -> SlotInputs<'a> {
        SlotInputs {
            tz: self.tz,
            rules: &self.rules,
            overrides: &self.overrides,
            time_offs: &self.time_offs,
            busy: &self.busy,
            now: self.now,
            minimum_notice: m.policy.minimum_notice,
            horizon: m.policy.booking_horizon,
            buffer_before: m.policy.buffer_before,
            buffer_after: m.policy.buffer_after,
        }
    }
}

/// The tutor profile `id`, if its tutor can be booked now ([`crate::bookable`]: account and
/// profile active); `None` when not, `not_found` when there is no such profile.
pub(crate) async fn bookable_tutor(
    tx: &mut Tx,
    id: TutorProfileId,
) -> Result<Option<TutorProfile>> {
    let (profile, account) = tx
        .get_tutor_profile_with_account(id)
        .await?
        .ok_or_else(|| Error::not_found("tutor profile", id))?;
    Ok(bookable::check(Bookability {
        account: account.unwrap_or(UserStatus::Deleted),
        profile: profile.status,
        offering: None,
    })
    .is_ok()
    .then_some(profile))
}

/// The offering `id` and its tutor's profile, if it can be booked now ([`crate::bookable`]:
/// account, profile, offering and subject active); `None` when not, or when there is no such
/// offering. Two reads: the offering with its subject's state, the profile with its account's.
pub(crate) async fn bookable_offering(
    tx: &mut Tx,
    id: TutorSubjectId,
) -> Result<Option<(TutorSubject, TutorProfile)>> {
    let Some((ts, subject_active)) = tx.get_tutor_subject_with_subject_state(id).await? else {
        return Ok(None);
    };
    let Some((profile, account)) = tx
        .get_tutor_profile_with_account(ts.tutor_profile_id)
        .await?
    else {
        return Ok(None);
    };
    Ok(bookable::check(Bookability {
        // A missing account counts as deleted.
        account: account.unwrap_or(UserStatus::Deleted),
        profile: profile.status,
        offering: Some((ts.is_active, subject_active)),
    })
    .is_ok()
    .then_some((ts, profile)))
}

/// Loads rules, overrides, time-offs and busy intervals (slot-holding bookings and held
/// reschedule proposals) around `[from, to)`, leaving out `ignore` (the booking being moved).
pub(crate) async fn load_calendar(
    tx: &mut Tx,
    profile: &TutorProfile,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    ignore: Option<BookingId>,
    now: DateTime<Utc>,
) -> Result<Calendar> {
    let mut calendars =
        load_calendars(tx, std::slice::from_ref(profile), from, to, ignore, now).await?;
    Ok(calendars.remove(0))
}

/// [`load_calendar`] for many tutors at once, in the order of `profiles`: five statements
/// whatever their number (a search page checks twenty calendars).
pub(crate) async fn load_calendars(
    tx: &mut Tx,
    profiles: &[TutorProfile],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    ignore: Option<BookingId>,
    now: DateTime<Utc>,
) -> Result<Vec<Calendar>> {
    let margin = Duration::days(2);
    let ids: Vec<TutorProfileId> = profiles.iter().map(|p| p.id).collect();
    let zones = profiles
        .iter()
        .map(|p| zone(&p.timezone))
        .collect::<Result<Vec<Tz>>>()?;
    // Local dates differ by zone: read the widest span, keep each tutor's own below.
    let spans: Vec<(NaiveDate, NaiveDate)> = zones
        .iter()
        .map(|tz| {
            (
                (from - margin).with_timezone(tz).date_naive(),
                (to + margin).with_timezone(tz).date_naive(),
            )
        })
        .collect();
    let (Some(first), Some(last)) = (
        spans.iter().map(|s| s.0).min(),
        spans.iter().map(|s| s.1).max(),
    ) else {
        return Ok(Vec::new());
    };
    let rules = tx.list_availabilities(&ids).await?;
    let overrides = tx.list_date_overrides(&ids, first, last).await?;
    let time_offs = tx.list_time_offs(&ids, from - margin, to + margin).await?;
    let busy = tx.list_tutor_busy(&ids, from - margin, to + margin).await?;
    let mut calendars = Vec::with_capacity(profiles.len());
    for ((profile, tz), (first, last)) in profiles.iter().zip(zones).zip(spans) {
        let id = profile.id;
        let rules = rules
            .iter()
            .filter(|r| r.tutor_profile_id == id && r.is_active)
            .map(|r| WeeklyRule {
                day_of_week: r.day_of_week as u32,
                start: r.start_time,
                end: r.end_time,
                grid: Some(Duration::minutes(i64::from(r.slot_duration_minutes))),
            })
            .collect();
        let mut days: Vec<DateOverride> = Vec::new();
        for o in overrides
            .iter()
            .filter(|o| o.tutor_profile_id == id && (first..=last).contains(&o.date))
        {
            let hours = match (o.start_time, o.end_time) {
                (Some(s), Some(e)) => vec![(s, e)],
                _ => vec![],
            };
            match days.iter_mut().find(|x| x.date == o.date) {
                Some(existing) => existing.hours.extend(hours),
                None => days.push(DateOverride {
                    date: o.date,
                    hours,
                }),
            }
        }
        let offs = time_offs
            .iter()
            .filter(|o| o.tutor_profile_id == id)
            .map(|o| Interval::new(o.start_at, o.end_at))
            .collect();
        let busy = busy
            .iter()
            .filter(|(t, b, _, _)| *t == id && Some(*b) != ignore)
            .map(|(_, _, start, end)| Interval::new(*start, *end))
            .collect();
        calendars.push(Calendar {
            tz,
            rules,
            overrides: days,
            time_offs: offs,
            busy,
            now,
        });
    }
    Ok(calendars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_folded() {
        assert_eq!(slugify("Bahasa Inggris"), "bahasa-inggris");
        assert_eq!(slugify("  Matemátika  Dasar!! "), "matematika-dasar");
        assert_eq!(slugify("Straße & Co"), "strasse-co");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn overlapping_rules_are_refused() {
        let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        let r = |d, s, e| AvailabilityRule {
            day_of_week: d,
            start_time: t(s),
            end_time: t(e),
            slot_duration_minutes: 60,
        };
        assert!(check_rules(&[r(1, 8, 12), r(1, 12, 14), r(2, 8, 12)]).is_ok());
        assert_eq!(
            check_rules(&[r(1, 8, 12), r(1, 11, 14)])
                .unwrap_err()
                .field(),
            Some("start_time")
        );
        assert_eq!(
            check_rules(&[r(7, 8, 12)]).unwrap_err().field(),
            Some("day_of_week")
        );
        assert_eq!(
            check_rules(&[r(1, 12, 8)]).unwrap_err().field(),
            Some("end_time")
        );
    }
}
