-- Blajarplus core: initial schema, PostgreSQL 15.
--
-- Source of truth: the ERD (shared seed erd.md) — all 23 tables, every column, default, CHECK,
-- UNIQUE, foreign key (with its ON DELETE) and index it lists, with the ERD's names.
-- Additions (see ARCHITECTURE.md §3-§5), each marked "ADDED" below:
--   * deleted_at on the critical tables (ERD "Soft Deletes"), always the last column before
--     PG-only columns so migrations/sqlite/0001_init.sql has the same column order;
--   * time-range / balance CHECKs and the bookings_no_overlap exclusion constraint;
--   * a BEFORE UPDATE trigger keeping updated_at;
--   * tsvector full-text search and the indexes behind the tutor search filters.
-- Constraint names are written out, and are exactly PostgreSQL's default names
-- (<table>_<column>_check, <table>_<cols>_key, <table>_<column>_fkey), so the SQLite twin can
-- carry the same names and the library can map violations by name on both backends.
-- Runs inside the one transaction sqlx opens for a migration: no BEGIN/COMMIT here.

-- Needed so the exclusion constraint can mix `uuid WITH =` and `tstzrange WITH &&` in one GiST
-- index. Trusted extension since PG13: a database owner can create it without superuser.
-- (gen_random_uuid() is core since PG13, so no pgcrypto.)
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- ADDED: one trigger function for every table with updated_at. It only fills in now() when the
-- UPDATE left updated_at unchanged, so the library can write the time of its injected Clock,
-- while other tools (psql, admin scripts) still get it maintained.
CREATE FUNCTION blajarplus_set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END;
$$;

-- =============================================================================================
-- 1. Users & Roles
-- =============================================================================================

CREATE TABLE users (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  email VARCHAR(255) CONSTRAINT users_email_key UNIQUE,
  phone VARCHAR(20) CONSTRAINT users_phone_key UNIQUE,
  password_hash VARCHAR(255),
  full_name VARCHAR(255) NOT NULL,
  avatar_url TEXT,
  gender VARCHAR(20),
  birthdate DATE,
  role VARCHAR(20) NOT NULL CONSTRAINT users_role_check CHECK (role IN ('student', 'tutor', 'admin')),
  status VARCHAR(20) DEFAULT 'active' CONSTRAINT users_status_check CHECK (status IN ('active', 'suspended', 'deleted')),
  last_login_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  deleted_at TIMESTAMPTZ -- ADDED (soft delete)
);

CREATE INDEX idx_users_email ON users(email);
CREATE INDEX idx_users_phone ON users(phone);
CREATE INDEX idx_users_role ON users(role);
CREATE INDEX idx_users_status ON users(status);

CREATE TABLE user_addresses (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL CONSTRAINT user_addresses_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  label VARCHAR(50),
  province VARCHAR(100),
  city VARCHAR(100),
  district VARCHAR(100),
  address_detail TEXT,
  lat DECIMAL(10,8),
  lng DECIMAL(11,8),
  is_primary BOOLEAN DEFAULT FALSE,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_addresses_user_id ON user_addresses(user_id);
CREATE INDEX idx_addresses_city ON user_addresses(city);

-- =============================================================================================
-- 2. Tutor Domain
-- =============================================================================================

CREATE TABLE tutor_profiles (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL CONSTRAINT tutor_profiles_user_id_key UNIQUE
    CONSTRAINT tutor_profiles_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  headline VARCHAR(255),
  bio TEXT,
  education TEXT,
  experience_years INTEGER,
  -- ERD defect fixed: without the cast, `varchar[] <@ text[]` has no operator and the CREATE fails.
  teaching_modes VARCHAR(20)[] CONSTRAINT tutor_profiles_teaching_modes_check
    CHECK (teaching_modes <@ ARRAY['online', 'offline', 'both']::varchar[]),
  base_city VARCHAR(100),
  timezone VARCHAR(50) DEFAULT 'Asia/Jakarta',
  intro_video_url TEXT,
  hourly_rate NUMERIC(12,2) NOT NULL,
  currency VARCHAR(3) DEFAULT 'IDR',
  is_verified BOOLEAN DEFAULT FALSE,
  verification_status VARCHAR(20) DEFAULT 'none' CONSTRAINT tutor_profiles_verification_status_check
    CHECK (verification_status IN ('none', 'pending', 'approved', 'rejected')),
  verification_note TEXT,
  rating_avg NUMERIC(2,1) DEFAULT 0.0,
  rating_count INTEGER DEFAULT 0,
  completed_lessons_count INTEGER DEFAULT 0,
  response_rate INTEGER DEFAULT 0 CONSTRAINT tutor_profiles_response_rate_check CHECK (response_rate BETWEEN 0 AND 100),
  status VARCHAR(20) DEFAULT 'draft' CONSTRAINT tutor_profiles_status_check
    CHECK (status IN ('draft', 'active', 'inactive', 'banned')),
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  deleted_at TIMESTAMPTZ, -- ADDED (soft delete)
  -- ADDED, PG only (SQLite uses the FTS5 table tutor_profiles_fts instead). 'simple' config: no
  -- stemming and no stop words, like FTS5's unicode61 tokenizer, so both backends match the
  -- same words. Last column so the shared columns keep the same order on both backends.
  search_vector tsvector GENERATED ALWAYS AS
    (to_tsvector('simple', coalesce(headline, '') || ' ' || coalesce(bio, ''))) STORED
);

CREATE INDEX idx_tutor_profiles_user_id ON tutor_profiles(user_id);
CREATE INDEX idx_tutor_profiles_base_city ON tutor_profiles(base_city);
CREATE INDEX idx_tutor_profiles_hourly_rate ON tutor_profiles(hourly_rate);
CREATE INDEX idx_tutor_profiles_rating_avg ON tutor_profiles(rating_avg DESC);
CREATE INDEX idx_tutor_profiles_verification_status ON tutor_profiles(verification_status);
CREATE INDEX idx_tutor_profiles_status ON tutor_profiles(status);
-- ADDED (ERD "Performance Optimization": GIN for arrays, full-text, composite filter indexes).
CREATE INDEX idx_tutor_profiles_search_vector ON tutor_profiles USING gin (search_vector);
CREATE INDEX idx_tutor_profiles_teaching_modes ON tutor_profiles USING gin (teaching_modes);
CREATE INDEX idx_tutor_profiles_active_city_rate ON tutor_profiles(base_city, hourly_rate)
  WHERE status = 'active';
CREATE INDEX idx_tutor_profiles_active_rating ON tutor_profiles(rating_avg DESC, completed_lessons_count DESC)
  WHERE status = 'active';
CREATE INDEX idx_tutor_profiles_active_verified ON tutor_profiles(is_verified)
  WHERE status = 'active';

-- ERD defect fixed: subject_categories is created before subjects, which references it.
CREATE TABLE subject_categories (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name VARCHAR(100) NOT NULL,
  slug VARCHAR(100) NOT NULL CONSTRAINT subject_categories_slug_key UNIQUE,
  is_active BOOLEAN DEFAULT TRUE,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_categories_slug ON subject_categories(slug);

CREATE TABLE subjects (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name VARCHAR(100) NOT NULL,
  slug VARCHAR(100) NOT NULL CONSTRAINT subjects_slug_key UNIQUE,
  category_id UUID CONSTRAINT subjects_category_id_fkey REFERENCES subject_categories(id) ON DELETE SET NULL,
  is_active BOOLEAN DEFAULT TRUE,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_subjects_slug ON subjects(slug);
CREATE INDEX idx_subjects_category_id ON subjects(category_id);
CREATE INDEX idx_subjects_is_active ON subjects(is_active);
-- ADDED: full-text on subjects.name (SQLite: FTS5 table subjects_fts). Queries must use the
-- same expression, to_tsvector('simple', name), to hit it.
CREATE INDEX idx_subjects_name_fts ON subjects USING gin (to_tsvector('simple', name));

CREATE TABLE tutor_subjects (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tutor_profile_id UUID NOT NULL CONSTRAINT tutor_subjects_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  subject_id UUID NOT NULL CONSTRAINT tutor_subjects_subject_id_fkey REFERENCES subjects(id) ON DELETE CASCADE,
  level VARCHAR(20) CONSTRAINT tutor_subjects_level_check
    CHECK (level IN ('sd', 'smp', 'sma', 'university', 'professional', 'general')),
  price_override NUMERIC(12,2),
  currency VARCHAR(3) DEFAULT 'IDR',
  description TEXT,
  is_active BOOLEAN DEFAULT TRUE,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  -- As in the ERD: NULLs distinct (a NULL level never collides). NULLS NOT DISTINCT is left out
  -- because SQLite cannot express it and both backends must accept the same rows.
  CONSTRAINT tutor_subjects_tutor_profile_id_subject_id_level_key UNIQUE (tutor_profile_id, subject_id, level)
);

CREATE INDEX idx_tutor_subjects_tutor_id ON tutor_subjects(tutor_profile_id);
CREATE INDEX idx_tutor_subjects_subject_id ON tutor_subjects(subject_id);
CREATE INDEX idx_tutor_subjects_level ON tutor_subjects(level);
-- ADDED: search filter "subject + level" over active offerings.
CREATE INDEX idx_tutor_subjects_active_subject_level ON tutor_subjects(subject_id, level)
  WHERE is_active;

CREATE TABLE tutor_documents (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tutor_profile_id UUID NOT NULL CONSTRAINT tutor_documents_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  doc_type VARCHAR(50) CONSTRAINT tutor_documents_doc_type_check
    CHECK (doc_type IN ('ktp', 'diploma', 'certificate', 'portfolio', 'other')),
  file_url TEXT NOT NULL,
  status VARCHAR(20) DEFAULT 'pending' CONSTRAINT tutor_documents_status_check
    CHECK (status IN ('pending', 'approved', 'rejected')),
  reviewed_by UUID CONSTRAINT tutor_documents_reviewed_by_fkey REFERENCES users(id),
  reviewed_at TIMESTAMPTZ,
  note TEXT,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_tutor_docs_tutor_id ON tutor_documents(tutor_profile_id);
CREATE INDEX idx_tutor_docs_status ON tutor_documents(status);
-- ADDED (ERD: "All foreign keys indexed"; also keeps deleting a user from scanning the table).
CREATE INDEX idx_tutor_docs_reviewed_by ON tutor_documents(reviewed_by);

-- =============================================================================================
-- 3. Availability & Scheduling
-- =============================================================================================

CREATE TABLE tutor_availabilities (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tutor_profile_id UUID NOT NULL CONSTRAINT tutor_availabilities_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  day_of_week INTEGER NOT NULL CONSTRAINT tutor_availabilities_day_of_week_check CHECK (day_of_week BETWEEN 0 AND 6),
  start_time TIME NOT NULL,
  end_time TIME NOT NULL,
  slot_duration_minutes INTEGER DEFAULT 60,
  is_active BOOLEAN DEFAULT TRUE,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  -- ADDED: a weekly window never wraps midnight (split it into two rules instead).
  CONSTRAINT tutor_availabilities_time_range_check CHECK (end_time > start_time)
);

CREATE INDEX idx_availabilities_tutor_id ON tutor_availabilities(tutor_profile_id);
CREATE INDEX idx_availabilities_day ON tutor_availabilities(day_of_week);
CREATE INDEX idx_availabilities_is_active ON tutor_availabilities(is_active);

CREATE TABLE tutor_time_offs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tutor_profile_id UUID NOT NULL CONSTRAINT tutor_time_offs_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  start_at TIMESTAMPTZ NOT NULL,
  end_at TIMESTAMPTZ NOT NULL,
  reason TEXT,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT tutor_time_offs_time_range_check CHECK (end_at > start_at) -- ADDED
);

CREATE INDEX idx_time_offs_tutor_id ON tutor_time_offs(tutor_profile_id);
CREATE INDEX idx_time_offs_dates ON tutor_time_offs(start_at, end_at);

-- =============================================================================================
-- 4. Bookings
-- =============================================================================================

-- Not partitioned (the ERD suggests monthly partitions by start_at): an exclusion constraint is
-- enforced per partition, so two overlapping bookings in different partitions would slip through.
CREATE TABLE bookings (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  student_id UUID NOT NULL CONSTRAINT bookings_student_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  tutor_profile_id UUID NOT NULL CONSTRAINT bookings_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  tutor_subject_id UUID CONSTRAINT bookings_tutor_subject_id_fkey REFERENCES tutor_subjects(id) ON DELETE SET NULL,
  mode VARCHAR(20) CONSTRAINT bookings_mode_check CHECK (mode IN ('online', 'offline')),
  start_at TIMESTAMPTZ NOT NULL,
  end_at TIMESTAMPTZ NOT NULL,
  duration_minutes INTEGER NOT NULL,
  location_type VARCHAR(50) CONSTRAINT bookings_location_type_check
    CHECK (location_type IN ('student_place', 'tutor_place', 'public_place', 'online')),
  location_address TEXT,
  lat DECIMAL(10,8),
  lng DECIMAL(11,8),
  meeting_link TEXT,
  status VARCHAR(30) DEFAULT 'draft' CONSTRAINT bookings_status_check
    CHECK (status IN ('draft', 'pending_payment', 'confirmed', 'reschedule_requested', 'cancelled', 'completed', 'no_show', 'disputed')),
  cancelled_by VARCHAR(20) CONSTRAINT bookings_cancelled_by_check
    CHECK (cancelled_by IN ('student', 'tutor', 'system', 'admin')),
  cancel_reason TEXT,
  price NUMERIC(12,2) NOT NULL,
  platform_fee NUMERIC(12,2) NOT NULL,
  total_amount NUMERIC(12,2) NOT NULL,
  currency VARCHAR(3) DEFAULT 'IDR',
  notes TEXT,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  deleted_at TIMESTAMPTZ, -- ADDED (soft delete)
  -- ADDED: checked before the exclusion index is touched, so an inverted range reports this
  -- name instead of tstzrange's "range lower bound must be less than or equal to upper bound".
  CONSTRAINT bookings_time_range_check CHECK (end_at > start_at),
  -- ADDED: no double booking (ARCHITECTURE §5). Active = holding the slot or already consumed.
  -- Half-open '[)': [10:00,11:00) and [11:00,12:00) do not overlap. Violation: SQLSTATE 23P01.
  -- SQLite twin: triggers bookings_no_overlap_insert / bookings_no_overlap_update.
  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
    tutor_profile_id WITH =,
    tstzrange(start_at, end_at, '[)') WITH &&
  ) WHERE (status IN ('pending_payment', 'confirmed', 'reschedule_requested', 'completed', 'no_show', 'disputed'))
);

CREATE INDEX idx_bookings_student_id ON bookings(student_id);
CREATE INDEX idx_bookings_tutor_id ON bookings(tutor_profile_id);
CREATE INDEX idx_bookings_start_at ON bookings(start_at);
CREATE INDEX idx_bookings_status ON bookings(status);
CREATE INDEX idx_bookings_created_at ON bookings(created_at DESC);
-- ADDED: "a tutor's / a student's bookings in a time window" (calendar, slot computation).
CREATE INDEX idx_bookings_tutor_start ON bookings(tutor_profile_id, start_at);
CREATE INDEX idx_bookings_student_start ON bookings(student_id, start_at);
CREATE INDEX idx_bookings_tutor_subject_id ON bookings(tutor_subject_id); -- ADDED (FK index)

CREATE TABLE booking_status_logs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id UUID NOT NULL CONSTRAINT booking_status_logs_booking_id_fkey REFERENCES bookings(id) ON DELETE CASCADE,
  from_status VARCHAR(30),
  to_status VARCHAR(30) NOT NULL,
  changed_by_user_id UUID CONSTRAINT booking_status_logs_changed_by_user_id_fkey REFERENCES users(id),
  reason TEXT,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_status_logs_booking_id ON booking_status_logs(booking_id);
CREATE INDEX idx_status_logs_created_at ON booking_status_logs(created_at DESC);
CREATE INDEX idx_status_logs_changed_by ON booking_status_logs(changed_by_user_id); -- ADDED (FK index)

-- =============================================================================================
-- 5. Payment & Escrow
-- =============================================================================================

CREATE TABLE payment_transactions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id UUID NOT NULL CONSTRAINT payment_transactions_booking_id_key UNIQUE
    CONSTRAINT payment_transactions_booking_id_fkey REFERENCES bookings(id) ON DELETE CASCADE,
  provider VARCHAR(50) CONSTRAINT payment_transactions_provider_check
    CHECK (provider IN ('midtrans', 'xendit', 'manual')),
  payment_method VARCHAR(50),
  external_payment_id VARCHAR(255),
  status VARCHAR(20) DEFAULT 'pending' CONSTRAINT payment_transactions_status_check
    CHECK (status IN ('pending', 'paid', 'failed', 'expired', 'refunded')),
  amount NUMERIC(12,2) NOT NULL,
  currency VARCHAR(3) DEFAULT 'IDR',
  paid_at TIMESTAMPTZ,
  expires_at TIMESTAMPTZ,
  raw_payload JSONB,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  deleted_at TIMESTAMPTZ -- ADDED (soft delete)
);

CREATE INDEX idx_payments_booking_id ON payment_transactions(booking_id);
CREATE INDEX idx_payments_status ON payment_transactions(status);
CREATE INDEX idx_payments_external_id ON payment_transactions(external_payment_id);

CREATE TABLE wallets (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL CONSTRAINT wallets_user_id_key UNIQUE
    CONSTRAINT wallets_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  balance NUMERIC(12,2) DEFAULT 0.0,
  currency VARCHAR(3) DEFAULT 'IDR',
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  deleted_at TIMESTAMPTZ, -- ADDED (soft delete)
  -- ADDED: wallet balances never go negative (ARCHITECTURE §5).
  CONSTRAINT wallets_balance_check CHECK (balance >= 0)
);

CREATE INDEX idx_wallets_user_id ON wallets(user_id);

-- Append-only (entries are immutable). Not partitioned yet (allowed later, ARCHITECTURE §5).
CREATE TABLE wallet_ledger_entries (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  wallet_id UUID NOT NULL CONSTRAINT wallet_ledger_entries_wallet_id_fkey REFERENCES wallets(id) ON DELETE CASCADE,
  type VARCHAR(50) CONSTRAINT wallet_ledger_entries_type_check
    CHECK (type IN ('escrow_hold', 'release_to_tutor', 'platform_fee', 'refund', 'withdrawal')),
  amount NUMERIC(12,2) NOT NULL,
  booking_id UUID CONSTRAINT wallet_ledger_entries_booking_id_fkey REFERENCES bookings(id),
  reference_id VARCHAR(255),
  meta JSONB,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_ledger_wallet_id ON wallet_ledger_entries(wallet_id);
CREATE INDEX idx_ledger_booking_id ON wallet_ledger_entries(booking_id);
CREATE INDEX idx_ledger_type ON wallet_ledger_entries(type);
CREATE INDEX idx_ledger_created_at ON wallet_ledger_entries(created_at DESC);
-- ADDED: a wallet's statement in time order; verify_ledger() replays per wallet.
CREATE INDEX idx_ledger_wallet_created ON wallet_ledger_entries(wallet_id, created_at);

-- =============================================================================================
-- 6. Chat
-- =============================================================================================

CREATE TABLE conversations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  student_id UUID NOT NULL CONSTRAINT conversations_student_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  tutor_profile_id UUID NOT NULL CONSTRAINT conversations_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  last_message_at TIMESTAMPTZ,
  is_blocked BOOLEAN DEFAULT FALSE,
  blocked_by_user_id UUID CONSTRAINT conversations_blocked_by_user_id_fkey REFERENCES users(id),
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT conversations_student_id_tutor_profile_id_key UNIQUE (student_id, tutor_profile_id)
);

CREATE INDEX idx_conversations_student_id ON conversations(student_id);
CREATE INDEX idx_conversations_tutor_id ON conversations(tutor_profile_id);
CREATE INDEX idx_conversations_last_message ON conversations(last_message_at DESC);
CREATE INDEX idx_conversations_blocked_by ON conversations(blocked_by_user_id); -- ADDED (FK index)

-- Append-only. Not partitioned yet (allowed later, ARCHITECTURE §5).
CREATE TABLE messages (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id UUID NOT NULL CONSTRAINT messages_conversation_id_fkey REFERENCES conversations(id) ON DELETE CASCADE,
  sender_user_id UUID NOT NULL CONSTRAINT messages_sender_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  message_type VARCHAR(20) DEFAULT 'text' CONSTRAINT messages_message_type_check
    CHECK (message_type IN ('text', 'image', 'file')),
  content TEXT,
  file_url TEXT,
  read_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_messages_conversation_id ON messages(conversation_id);
CREATE INDEX idx_messages_sender_id ON messages(sender_user_id);
CREATE INDEX idx_messages_created_at ON messages(created_at DESC);
-- ADDED: a conversation's newest messages first (chat pagination).
CREATE INDEX idx_messages_conversation_created ON messages(conversation_id, created_at DESC);

-- =============================================================================================
-- 7. Reviews
-- =============================================================================================

CREATE TABLE reviews (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id UUID NOT NULL CONSTRAINT reviews_booking_id_key UNIQUE
    CONSTRAINT reviews_booking_id_fkey REFERENCES bookings(id) ON DELETE CASCADE,
  tutor_profile_id UUID NOT NULL CONSTRAINT reviews_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  author_user_id UUID NOT NULL CONSTRAINT reviews_author_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  rating INTEGER NOT NULL CONSTRAINT reviews_rating_check CHECK (rating BETWEEN 1 AND 5),
  comment TEXT,
  status VARCHAR(20) DEFAULT 'published' CONSTRAINT reviews_status_check
    CHECK (status IN ('published', 'hidden', 'removed')),
  moderated_by UUID CONSTRAINT reviews_moderated_by_fkey REFERENCES users(id),
  moderated_reason TEXT,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  deleted_at TIMESTAMPTZ -- ADDED (soft delete)
);

CREATE INDEX idx_reviews_booking_id ON reviews(booking_id);
CREATE INDEX idx_reviews_tutor_id ON reviews(tutor_profile_id);
CREATE INDEX idx_reviews_author_id ON reviews(author_user_id);
CREATE INDEX idx_reviews_rating ON reviews(rating);
CREATE INDEX idx_reviews_status ON reviews(status);
CREATE INDEX idx_reviews_created_at ON reviews(created_at DESC);
CREATE INDEX idx_reviews_moderated_by ON reviews(moderated_by); -- ADDED (FK index)

-- =============================================================================================
-- 8. Progress Tracking
-- =============================================================================================

CREATE TABLE progress_logs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id UUID NOT NULL CONSTRAINT progress_logs_booking_id_fkey REFERENCES bookings(id) ON DELETE CASCADE,
  tutor_profile_id UUID NOT NULL CONSTRAINT progress_logs_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  student_id UUID NOT NULL CONSTRAINT progress_logs_student_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  summary TEXT,
  homework TEXT,
  next_plan TEXT,
  attachment_url TEXT,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_progress_booking_id ON progress_logs(booking_id);
CREATE INDEX idx_progress_student_id ON progress_logs(student_id);
CREATE INDEX idx_progress_tutor_id ON progress_logs(tutor_profile_id);
CREATE INDEX idx_progress_created_at ON progress_logs(created_at DESC);

-- =============================================================================================
-- 9. Favorites
-- =============================================================================================

CREATE TABLE favorites (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  student_id UUID NOT NULL CONSTRAINT favorites_student_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  tutor_profile_id UUID NOT NULL CONSTRAINT favorites_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT favorites_student_id_tutor_profile_id_key UNIQUE (student_id, tutor_profile_id)
);

CREATE INDEX idx_favorites_student_id ON favorites(student_id);
CREATE INDEX idx_favorites_tutor_id ON favorites(tutor_profile_id);

-- =============================================================================================
-- 10. Lesson Packages
-- =============================================================================================

CREATE TABLE lesson_packages (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tutor_profile_id UUID NOT NULL CONSTRAINT lesson_packages_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  tutor_subject_id UUID CONSTRAINT lesson_packages_tutor_subject_id_fkey REFERENCES tutor_subjects(id) ON DELETE SET NULL,
  name VARCHAR(255) NOT NULL,
  session_count INTEGER NOT NULL,
  total_price NUMERIC(12,2) NOT NULL,
  currency VARCHAR(3) DEFAULT 'IDR',
  valid_days INTEGER NOT NULL,
  is_active BOOLEAN DEFAULT TRUE,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  deleted_at TIMESTAMPTZ -- ADDED (soft delete)
);

CREATE INDEX idx_packages_tutor_id ON lesson_packages(tutor_profile_id);
CREATE INDEX idx_packages_is_active ON lesson_packages(is_active);
CREATE INDEX idx_packages_tutor_subject_id ON lesson_packages(tutor_subject_id); -- ADDED (FK index)

CREATE TABLE package_purchases (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  student_id UUID NOT NULL CONSTRAINT package_purchases_student_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  lesson_package_id UUID NOT NULL CONSTRAINT package_purchases_lesson_package_id_fkey REFERENCES lesson_packages(id) ON DELETE CASCADE,
  status VARCHAR(20) DEFAULT 'pending_payment' CONSTRAINT package_purchases_status_check
    CHECK (status IN ('pending_payment', 'active', 'expired', 'cancelled')),
  sessions_remaining INTEGER NOT NULL,
  start_at TIMESTAMPTZ,
  expires_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  deleted_at TIMESTAMPTZ -- ADDED (soft delete)
);

CREATE INDEX idx_package_purchases_student_id ON package_purchases(student_id);
CREATE INDEX idx_package_purchases_package_id ON package_purchases(lesson_package_id);
CREATE INDEX idx_package_purchases_status ON package_purchases(status);

-- =============================================================================================
-- 11. Reports & Moderation
-- =============================================================================================

CREATE TABLE reports (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  reporter_user_id UUID NOT NULL CONSTRAINT reports_reporter_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  target_type VARCHAR(50) CONSTRAINT reports_target_type_check
    CHECK (target_type IN ('user', 'tutor_profile', 'review', 'message', 'booking')),
  target_id UUID NOT NULL,
  reason VARCHAR(50) CONSTRAINT reports_reason_check
    CHECK (reason IN ('spam', 'fraud', 'harassment', 'inappropriate', 'other')),
  description TEXT,
  status VARCHAR(20) DEFAULT 'open' CONSTRAINT reports_status_check
    CHECK (status IN ('open', 'investigating', 'resolved', 'rejected')),
  handled_by UUID CONSTRAINT reports_handled_by_fkey REFERENCES users(id),
  handled_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_reports_reporter_id ON reports(reporter_user_id);
CREATE INDEX idx_reports_target ON reports(target_type, target_id);
CREATE INDEX idx_reports_status ON reports(status);
CREATE INDEX idx_reports_created_at ON reports(created_at DESC);
CREATE INDEX idx_reports_handled_by ON reports(handled_by); -- ADDED (FK index)

-- =============================================================================================
-- 12. Notifications
-- =============================================================================================

-- Append-only. Not partitioned yet (allowed later, ARCHITECTURE §5).
CREATE TABLE notifications (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL CONSTRAINT notifications_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  type VARCHAR(50) NOT NULL,
  title VARCHAR(255) NOT NULL,
  message TEXT NOT NULL,
  link TEXT,
  is_read BOOLEAN DEFAULT FALSE,
  read_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_notifications_user_id ON notifications(user_id);
CREATE INDEX idx_notifications_is_read ON notifications(is_read);
CREATE INDEX idx_notifications_created_at ON notifications(created_at DESC);
-- ADDED: a user's inbox newest first, and the unread badge count.
CREATE INDEX idx_notifications_user_created ON notifications(user_id, created_at DESC);
CREATE INDEX idx_notifications_user_unread ON notifications(user_id) WHERE is_read = false;

-- =============================================================================================
-- updated_at triggers (ADDED): every table that has updated_at.
-- =============================================================================================

CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
CREATE TRIGGER user_addresses_set_updated_at BEFORE UPDATE ON user_addresses
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
CREATE TRIGGER tutor_profiles_set_updated_at BEFORE UPDATE ON tutor_profiles
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
CREATE TRIGGER subject_categories_set_updated_at BEFORE UPDATE ON subject_categories
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
CREATE TRIGGER subjects_set_updated_at BEFORE UPDATE ON subjects
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
CREATE TRIGGER tutor_subjects_set_updated_at BEFORE UPDATE ON tutor_subjects
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
CREATE TRIGGER tutor_documents_set_updated_at BEFORE UPDATE ON tutor_documents
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
CREATE TRIGGER tutor_availabilities_set_updated_at BEFORE UPDATE ON tutor_availabilities
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
CREATE TRIGGER bookings_set_updated_at BEFORE UPDATE ON bookings
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
CREATE TRIGGER payment_transactions_set_updated_at BEFORE UPDATE ON payment_transactions
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
CREATE TRIGGER wallets_set_updated_at BEFORE UPDATE ON wallets
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
CREATE TRIGGER conversations_set_updated_at BEFORE UPDATE ON conversations
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
CREATE TRIGGER reviews_set_updated_at BEFORE UPDATE ON reviews
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
CREATE TRIGGER progress_logs_set_updated_at BEFORE UPDATE ON progress_logs
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
CREATE TRIGGER lesson_packages_set_updated_at BEFORE UPDATE ON lesson_packages
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
CREATE TRIGGER package_purchases_set_updated_at BEFORE UPDATE ON package_purchases
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
CREATE TRIGGER reports_set_updated_at BEFORE UPDATE ON reports
  FOR EACH ROW EXECUTE FUNCTION blajarplus_set_updated_at();
