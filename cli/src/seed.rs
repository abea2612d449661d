//! The data generator: a realistic Indonesian marketplace written through the library's schema
//! at a chosen scale, deterministic from a seed, in batches (memory stays flat as the scale
//! grows), with balanced ledger entries and consistent rating and lesson counters.
//!
//! The catalogue and the admin go through the facade (a few dozen calls); everything else is
//! built as the library's own records and written with [`BulkRepo::insert_rows`], one
//! transaction per batch of tutors: the same codecs and column checks as every other write,
//! many rows per statement. Money moves exactly as the facade moves it: the escrow hold and the
//! release of a completed lesson are the ledger's own movements ([`ledger::escrow_hold`],
//! [`ledger::settle`]) turned into rows by [`movement_entries`], and each tutor's wallet
//! balance is the sum of its entries — so `verify_ledger()` is clean on what this writes.

use std::collections::HashMap;
use std::time::Instant;

use blajarplus::ledger::{self, Concerns, RefundTo};
use blajarplus::marketplace::{SYSTEM_USERS, movement_entries};
use blajarplus::policy::Policy;
use blajarplus::pricing::{Quote, Settlement, quote};
use blajarplus::reviews::rating_summary;
use blajarplus::store::{BulkRepo, MovementEntry, UserRepo};
use blajarplus::types::*;
use blajarplus::{Actor, Marketplace, Result};
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

use crate::data::{self, CITIES};

/// `blajarplus seed`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// How many tutors.
    #[arg(long, default_value_t = 1_000)]
    pub tutors: usize,
    /// Past bookings per tutor, on average (mostly completed, some cancelled or no-show).
    #[arg(long, default_value_t = 10)]
    pub bookings_per_tutor: usize,
    /// Students per tutor (at least 10 students in all).
    #[arg(long, default_value_t = 0.5)]
    pub students_per_tutor: f64,
    /// The generator's seed: the same seed and scale give the same marketplace.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Tutors written per transaction.
    #[arg(long, default_value_t = 500)]
    pub batch: usize,
}

/// An active human admin to act as: the first one there is, else a new one.
pub async fn admin(m: &Marketplace) -> Result<Actor> {
    let mut tx = m.store().begin().await?;
    let found = tx
        .list_users_by_role(Role::Admin)
        .await?
        .into_iter()
        .find(|u| u.status == UserStatus::Active && !SYSTEM_USERS.contains(&u.id));
    drop(tx);
    let user = match found {
        Some(u) => u,
        None => {
            m.bootstrap_admin("Admin Blajarplus", "admin@seed.blajarplus.id")
                .await?
        }
    };
    Ok(Actor::admin(user.id))
}

/// Generates and writes the marketplace, then rebuilds the search index and verifies the
/// ledger (both timed).
pub async fn run(m: &Marketplace, args: &Args) -> Result<()> {
    let started = Instant::now();
    let admin = admin(m).await?;
    let subjects = catalogue(m, &admin).await?;
    let now = m.now();
    let policy = m.policy().clone();

    let students = (((args.tutors as f64) * args.students_per_tutor).ceil() as usize).max(10);
    let bar = progress(
        (students + args.tutors) as u64,
        "users written (students, then tutors with their calendars and history)",
    );
    let mut student_ids = Vec::with_capacity(students);
    for chunk_start in (0..students).step_by(2_000) {
        let n = (students - chunk_start).min(2_000);
        let mut rng = rng(args.seed, u64::MAX - chunk_start as u64);
        let users: Vec<User> = (chunk_start..chunk_start + n)
            .map(|i| person(&mut rng, Role::Student, &format!("siswa{i}"), now))
            .collect();
        student_ids.extend(users.iter().map(|u| u.id));
        let mut tx = m.store().begin().await?;
        tx.insert_rows(&users).await?;
        tx.commit().await?;
        bar.inc(n as u64);
    }

    let mut counts = Counts::default();
    for (b, first) in (0..args.tutors).step_by(args.batch.max(1)).enumerate() {
        let n = (args.tutors - first).min(args.batch.max(1));
        let mut rng = rng(args.seed, b as u64);
        let mut batch = Batch::default();
        for i in first..first + n {
            tutor(
                &mut rng,
                &mut batch,
                i,
                &subjects,
                &student_ids,
                args,
                &policy,
                now,
            )?;
        }
        counts.add(&batch);
        batch.write(m).await?;
        bar.inc(n as u64);
        if bar.is_hidden() && b % 20 == 19 {
            // Not a terminal (a log, CI): a plain line now and then instead of the bar.
            eprintln!("seed: {} of {} tutors written", first + n, args.tutors);
        }
    }
    bar.finish_and_clear();
    println!(
        "seed {}: {} tutors, {} students, {} offerings, {} bookings ({} completed), {} reviews, \
         {} ledger entries, {} messages in {:.1?}",
        args.seed,
        args.tutors,
        students,
        counts.offerings,
        counts.bookings,
        counts.completed,
        counts.reviews,
        counts.entries,
        counts.messages,
        started.elapsed()
    );
    let t = Instant::now();
    let indexed = m.rebuild_search_index(&admin).await?;
    println!(
        "rebuild_search_index: {indexed} tutors in {:.2?}",
        t.elapsed()
    );
    let t = Instant::now();
    let report = m.verify_ledger().await?;
    println!(
        "verify_ledger: {} violations in {:.2?}",
        report.violations.len(),
        t.elapsed()
    );
    if let Some(v) = report.violations.first() {
        return Err(blajarplus::Error::Internal(format!(
            "the generated ledger does not verify: {v}"
        )));
    }
    Ok(())
}

/// The batch's random numbers: one stream per batch, so batches are independent of each
/// other (and could be generated in any order) yet reproducible.
fn rng(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    r.set_stream(stream);
    r
}

fn progress(total: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} {msg} (eta {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    bar
}

/// The catalogue's subjects (created on the first run, reused after).
async fn catalogue(m: &Marketplace, admin: &Actor) -> Result<Vec<Subject>> {
    let existing = m.catalog().await?;
    let mut subjects = existing.subjects;
    let categories: HashMap<String, CategoryId> = existing
        .categories
        .into_iter()
        .map(|c| (c.name, c.id))
        .collect();
    for (category, names) in data::CATALOGUE {
        let id = match categories.get(*category) {
            Some(id) => *id,
            None => m.create_category(admin, category).await?.id,
        };
        for name in *names {
            if !subjects.iter().any(|s| s.name == *name) {
                subjects.push(m.create_subject(admin, name, Some(id)).await?);
            }
        }
    }
    Ok(subjects)
}

/// The rows of one batch of tutors, written in one transaction in foreign-key order.
#[derive(Default)]
struct Batch {
    users: Vec<User>,
    addresses: Vec<UserAddress>,
    profiles: Vec<TutorProfile>,
    offerings: Vec<TutorSubject>,
    rules: Vec<TutorAvailability>,
    time_offs: Vec<TutorTimeOff>,
    wallets: Vec<Wallet>,
    bookings: Vec<Booking>,
    payments: Vec<PaymentTransaction>,
    entries: Vec<MovementEntry>,
    reviews: Vec<Review>,
    conversations: Vec<Conversation>,
    messages: Vec<Message>,
}

impl Batch {
    async fn write(&self, m: &Marketplace) -> Result<()> {
        let mut tx = m.store().begin().await?;
        tx.insert_rows(&self.users).await?;
        tx.insert_rows(&self.addresses).await?;
        tx.insert_rows(&self.profiles).await?;
        tx.insert_rows(&self.offerings).await?;
        tx.insert_rows(&self.rules).await?;
        tx.insert_rows(&self.time_offs).await?;
        tx.insert_rows(&self.wallets).await?;
        tx.insert_rows(&self.bookings).await?;
        tx.insert_rows(&self.payments).await?;
        tx.insert_rows(&self.entries).await?;
        tx.insert_rows(&self.reviews).await?;
        tx.insert_rows(&self.conversations).await?;
        tx.insert_rows(&self.messages).await?;
        tx.commit().await
    }
}

#[derive(Default)]
struct Counts {
    offerings: usize,
    bookings: usize,
    completed: usize,
    reviews: usize,
    entries: usize,
    messages: usize,
}

impl Counts {
    fn add(&mut self, b: &Batch) {
        self.offerings += b.offerings.len();
        self.bookings += b.bookings.len();
        self.completed += b
            .bookings
            .iter()
            .filter(|x| x.status == BookingStatus::Completed)
            .count();
        self.reviews += b.reviews.len();
        self.entries += b.entries.len();
        self.messages += b.messages.len();
    }
}

fn person(rng: &mut ChaCha8Rng, role: Role, handle: &str, now: DateTime<Utc>) -> User {
    let first = data::FIRST_NAMES.choose(rng).copied().unwrap_or("Budi");
    let last = data::LAST_NAMES.choose(rng).copied().unwrap_or("Santoso");
    let joined = now - Duration::days(rng.random_range(30..1_500));
    User {
        id: UserId::new(),
        email: Some(format!("{handle}@seed.blajarplus.id")),
        phone: None,
        password_hash: None,
        full_name: format!("{first} {last}"),
        avatar_url: None,
        gender: None,
        birthdate: None,
        role,
        status: UserStatus::Active,
        last_login_at: Some(now - Duration::hours(rng.random_range(1..2_000))),
        created_at: joined,
        updated_at: joined,
        deleted_at: None,
    }
}

fn money(rupiah: i64) -> Decimal {
    Decimal::from(rupiah)
}

/// A coordinate near `base`, at most ~0.1° away, with the schema's 8 decimal places.
fn near(rng: &mut ChaCha8Rng, base: f64) -> Decimal {
    let micro = (base * 1_000_000.0).round() as i64 + rng.random_range(-100_000..=100_000);
    Decimal::new(micro, 6)
}

/// One tutor with their offerings, calendar, wallet and history.
#[allow(clippy::too_many_arguments)]
fn tutor(
    rng: &mut ChaCha8Rng,
    batch: &mut Batch,
    i: usize,
    subjects: &[Subject],
    students: &[UserId],
    args: &Args,
    policy: &Policy,
    now: DateTime<Utc>,
) -> Result<()> {
    let user = person(rng, Role::Tutor, &format!("tutor{i}"), now);
    let city = CITIES.choose(rng).unwrap_or(&CITIES[0]);
    let joined = user.created_at;
    let (lat, lng) = (near(rng, city.lat), near(rng, city.lng));
    batch.addresses.push(UserAddress {
        id: AddressId::new(),
        user_id: user.id,
        label: Some("Rumah".into()),
        province: Some(city.province.into()),
        city: Some(city.name.into()),
        district: None,
        address_detail: None,
        lat: Some(lat),
        lng: Some(lng),
        is_primary: true,
        created_at: joined,
        updated_at: joined,
    });

    // Offerings: 1–4 subjects at distinct levels, some with their own price.
    let rate = money(rng.random_range(10..=60) * 5_000);
    let n_offerings = rng.random_range(1..=4);
    let taught: Vec<&Subject> = subjects.choose_multiple(rng, n_offerings).collect();
    let levels = [
        Level::Sd,
        Level::Smp,
        Level::Sma,
        Level::University,
        Level::General,
    ];
    let profile_id = TutorProfileId::new();
    let offerings: Vec<TutorSubject> = taught
        .iter()
        .map(|s| TutorSubject {
            id: TutorSubjectId::new(),
            tutor_profile_id: profile_id,
            subject_id: s.id,
            level: levels.choose(rng).copied(),
            price_override: rng
                .random_bool(0.2)
                .then(|| money(rng.random_range(10..=70) * 5_000)),
            currency: Currency::IDR,
            description: Some(format!("Belajar {} bersama saya", s.name)),
            is_active: rng.random_bool(0.95),
            created_at: joined,
            updated_at: joined,
        })
        .collect();
    let main = taught.first().map_or("Matematika", |s| s.name.as_str());
    let headline = data::HEADLINES
        .choose(rng)
        .unwrap_or(&"{s}")
        .replace("{s}", main);
    let bio = data::BIOS
        .choose(rng)
        .unwrap_or(&"{s}")
        .replace("{s}", main);
    let status = match rng.random_range(0..100) {
        0..=89 => TutorStatus::Active,
        90..=94 => TutorStatus::Inactive,
        _ => TutorStatus::Draft,
    };
    let verified = rng.random_bool(0.45);

    // Weekly hours: weekday evenings, some weekend mornings, on a 30- or 60-minute grid.
    let grid = if rng.random_bool(0.3) { 30 } else { 60 };
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default();
    let mut rules: Vec<(i32, NaiveTime, NaiveTime)> = (1..=5).map(|d| (d, t(16), t(20))).collect();
    if rng.random_bool(0.5) {
        rules.push((6, t(8), t(12)));
        rules.push((0, t(9), t(12)));
    }
    batch
        .rules
        .extend(rules.iter().map(|&(day, start, end)| TutorAvailability {
            id: AvailabilityId::new(),
            tutor_profile_id: profile_id,
            day_of_week: day,
            start_time: start,
            end_time: end,
            slot_duration_minutes: grid,
            is_active: true,
            created_at: joined,
            updated_at: joined,
        }));
    if rng.random_bool(0.1) {
        let start = now + Duration::days(rng.random_range(1..30));
        batch.time_offs.push(TutorTimeOff {
            id: TimeOffId::new(),
            tutor_profile_id: profile_id,
            start_at: start,
            end_at: start + Duration::days(rng.random_range(1..7)),
            reason: Some("Cuti".into()),
            created_at: now,
        });
    }

    // History: past lessons, one every two days going back, at 16:00–19:00 in the tutor's
    // zone (so they never overlap), mostly completed, some unpaid and cancelled, a few no-shows.
    let wallet = Wallet {
        id: WalletId::new(),
        user_id: user.id,
        balance: Decimal::ZERO,
        currency: Currency::IDR,
        created_at: joined,
        updated_at: now,
        deleted_at: None,
    };
    let mut balance = Decimal::ZERO;
    let (mut rating_n, mut rating_sum, mut completed) = (0i64, 0i64, 0i32);
    let n_bookings = if status == TutorStatus::Draft || offerings.is_empty() {
        0
    } else {
        rng.random_range(0..=2 * args.bookings_per_tutor)
    };
    for k in 0..n_bookings {
        let offering = offerings.choose(rng).unwrap_or(&offerings[0]);
        let day = (now - Duration::days(2 * (k as i64 + 2))).date_naive();
        let start = wall_clock(city.zone, day, 16 + rng.random_range(0..3));
        let minutes = *[60i64, 60, 90, 120].choose(rng).unwrap_or(&60);
        let q = quote(offering.price_override.unwrap_or(rate), minutes, policy)?;
        let student = *students.choose(rng).unwrap_or(&students[0]);
        let roll = rng.random_range(0..100);
        let status = match roll {
            0..=86 => BookingStatus::Completed,
            87..=97 => BookingStatus::Cancelled,
            _ => BookingStatus::NoShow,
        };
        let booked = start - Duration::days(rng.random_range(1..10));
        let end = start + Duration::minutes(minutes);
        let booking = Booking {
            id: BookingId::new(),
            student_id: student,
            tutor_profile_id: profile_id,
            tutor_subject_id: Some(offering.id),
            mode: Some(LessonMode::Online),
            start_at: start,
            end_at: end,
            duration_minutes: minutes as i32,
            location_type: Some(LocationType::Online),
            location_address: None,
            lat: None,
            lng: None,
            meeting_link: Some(format!("https://meet.example/{}", booking_slug(k, i))),
            status,
            cancelled_by: (status == BookingStatus::Cancelled).then_some(CancelledBy::System),
            cancel_reason: (status == BookingStatus::Cancelled)
                .then(|| "payment expired".to_string()),
            price: q.price,
            platform_fee: q.platform_fee,
            total_amount: q.total_amount,
            currency: Currency::IDR,
            notes: None,
            created_at: booked,
            updated_at: if status == BookingStatus::Completed {
                end
            } else {
                booked
            },
            deleted_at: None,
        };
        let paid = status != BookingStatus::Cancelled;
        batch.payments.push(PaymentTransaction {
            id: PaymentId::new(),
            booking_id: Some(booking.id),
            provider: Some(PaymentProvider::Midtrans),
            payment_method: Some("bank_transfer".into()),
            external_payment_id: paid.then(|| format!("mid-{}", booking.id)),
            status: if paid {
                PaymentStatus::Paid
            } else {
                PaymentStatus::Expired
            },
            amount: q.total_amount,
            currency: Currency::IDR,
            paid_at: paid.then_some(booked + Duration::minutes(5)),
            expires_at: Some(booked + policy.payment_expiry),
            raw_payload: None,
            created_at: booked,
            updated_at: booked,
            deleted_at: None,
            package_purchase_id: None,
        });
        if paid {
            let hold = ledger::escrow_hold(Concerns::booking(booking.id), q.total_amount);
            batch.entries.extend(movement_entries(
                &hold,
                MovementId::new(),
                booked + Duration::minutes(5),
            ));
        }
        if status == BookingStatus::Completed {
            completed += 1;
            let release = ledger::settle(
                Concerns::booking(booking.id),
                &Settlement::release(&Quote::from_booking(
                    q.price,
                    q.platform_fee,
                    q.total_amount,
                )),
                wallet.id,
                RefundTo::OriginalMethod,
            );
            batch
                .entries
                .extend(movement_entries(&release, MovementId::new(), end));
            balance += q.tutor_share();
            if rng.random_bool(0.7) {
                let rating = *[5, 5, 5, 4, 4, 4, 3, 2, 1].choose(rng).unwrap_or(&5);
                rating_n += 1;
                rating_sum += rating as i64;
                batch.reviews.push(Review {
                    id: ReviewId::new(),
                    booking_id: booking.id,
                    tutor_profile_id: profile_id,
                    author_user_id: student,
                    rating,
                    comment: data::REVIEW_COMMENTS.choose(rng).map(|c| c.to_string()),
                    status: ReviewStatus::Published,
                    moderated_by: None,
                    moderated_reason: None,
                    created_at: end + Duration::hours(2),
                    updated_at: end + Duration::hours(2),
                    deleted_at: None,
                });
            }
        }
        batch.bookings.push(booking);
    }
    // A couple of conversations with the tutor's students.
    for c in 0..rng.random_range(0..3) {
        let student = *students.choose(rng).unwrap_or(&students[0]);
        if batch
            .conversations
            .iter()
            .any(|x| x.tutor_profile_id == profile_id && x.student_id == student)
        {
            continue;
        }
        let at = now - Duration::days(rng.random_range(1..60)) - Duration::minutes(c);
        let conversation = Conversation {
            id: ConversationId::new(),
            student_id: student,
            tutor_profile_id: profile_id,
            last_message_at: Some(at + Duration::minutes(10)),
            is_blocked: false,
            blocked_by_user_id: None,
            created_at: at,
            updated_at: at + Duration::minutes(10),
        };
        for (j, (from, text)) in [
            (
                student,
                format!("Halo kak, apakah bisa les {main} minggu ini?"),
            ),
            (
                user.id,
                "Bisa, silakan pilih jadwal yang tersedia ya.".to_string(),
            ),
        ]
        .into_iter()
        .enumerate()
        {
            batch.messages.push(Message {
                id: MessageId::new(),
                conversation_id: conversation.id,
                sender_user_id: from,
                message_type: MessageType::Text,
                content: Some(text),
                file_url: None,
                read_at: Some(at + Duration::minutes(10 * j as i64 + 1)),
                created_at: at + Duration::minutes(10 * j as i64),
            });
        }
        batch.conversations.push(conversation);
    }

    let (rating_avg, rating_count) = rating_summary(rating_n, rating_sum)?;
    batch.profiles.push(TutorProfile {
        id: profile_id,
        user_id: user.id,
        headline: Some(headline),
        bio: Some(bio),
        education: Some("S1 Pendidikan".into()),
        experience_years: Some(rng.random_range(0..20)),
        teaching_modes: vec![TeachingMode::Online, TeachingMode::Offline],
        base_city: Some(city.name.into()),
        timezone: city.zone.into(),
        intro_video_url: None,
        hourly_rate: rate,
        currency: Currency::IDR,
        is_verified: verified,
        verification_status: if verified {
            VerificationStatus::Approved
        } else {
            VerificationStatus::None
        },
        verification_note: None,
        rating_avg,
        rating_count,
        completed_lessons_count: completed,
        response_rate: rng.random_range(50..=100),
        status,
        created_at: joined,
        updated_at: now,
        deleted_at: None,
    });
    batch.wallets.push(Wallet { balance, ..wallet });
    batch.offerings.extend(offerings);
    batch.users.push(user);
    Ok(())
}

fn booking_slug(k: usize, tutor: usize) -> String {
    format!("t{tutor}-{k}")
}

/// `hour`:00 on `day` in `zone`, as UTC (Indonesia has no DST: every such time exists once).
fn wall_clock(zone: &str, day: chrono::NaiveDate, hour: u32) -> DateTime<Utc> {
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::Asia::Jakarta);
    let local = day.and_hms_opt(hour, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&local)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&local), |t| t.with_timezone(&Utc))
}
