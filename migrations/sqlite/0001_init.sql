-- Blajarplus core: initial schema, SQLite (the embedded default).
--
-- The same 23 tables as migrations/postgres/0001_init.sql, with the same names, the same
-- columns in the same order, and the same CHECK / UNIQUE / FOREIGN KEY rules under the same
-- constraint names, so the library reports a violated rule identically on both backends.
-- Where SQLite differs, and why:
--   * ids are TEXT holding lower-case hyphenated UUIDs (the library always supplies them; the
--     DEFAULT makes a random v4 for rows written by other tools, like gen_random_uuid());
--   * timestamps are TEXT in the RFC 3339 UTC shape sqlx writes (2026-01-05T03:00:00+00:00,
--     optional fraction), so text comparison orders them; DATE and TIME are ISO text;
--   * money and other NUMERIC/DECIMAL columns are TEXT holding exact decimal text, never REAL:
--     each has a <table>_<column>_decimal_check enforcing the PostgreSQL precision and scale;
--   * booleans are INTEGER 0/1 (<table>_<column>_bool_check); VARCHAR(n) limits that
--     PostgreSQL enforces become <table>_<column>_length_check; JSONB is TEXT checked json_valid;
--   * teaching_modes is a JSON array of strings; its element list is checked by triggers that
--     fail with the same constraint name as PostgreSQL's array CHECK;
--   * the bookings_no_overlap exclusion constraint is a pair of triggers raising
--     'bookings_no_overlap' (the library begins every transaction with BEGIN IMMEDIATE, so the
--     check and the write are atomic);
--   * updated_at is kept by AFTER UPDATE triggers with the PostgreSQL trigger's rule: set it
--     only when the statement left it unchanged;
--   * full-text search uses FTS5 tables (unicode61, diacritics folded) kept by triggers, where
--     PostgreSQL uses tsvector + GIN ('simple' config on both: no stemming, same matches).
-- Foreign keys are enforced by the connection (PRAGMA foreign_keys=ON), not by this file.
-- No BEGIN/COMMIT: sqlx runs each migration in a transaction.

CREATE TABLE users (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  email TEXT CONSTRAINT users_email_key UNIQUE,
  phone TEXT CONSTRAINT users_phone_key UNIQUE,
  password_hash TEXT,
  full_name TEXT NOT NULL,
  avatar_url TEXT,
  gender TEXT,
  birthdate TEXT,
  role TEXT NOT NULL CONSTRAINT users_role_check CHECK (role IN ('student', 'tutor', 'admin')),
  status TEXT DEFAULT 'active' CONSTRAINT users_status_check CHECK (status IN ('active', 'suspended', 'deleted')),
  last_login_at TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  deleted_at TEXT,
  CONSTRAINT users_email_length_check CHECK (length(email) <= 255),
  CONSTRAINT users_phone_length_check CHECK (length(phone) <= 20),
  CONSTRAINT users_password_hash_length_check CHECK (length(password_hash) <= 255),
  CONSTRAINT users_full_name_length_check CHECK (length(full_name) <= 255),
  CONSTRAINT users_gender_length_check CHECK (length(gender) <= 20),
  CONSTRAINT users_role_length_check CHECK (length(role) <= 20),
  CONSTRAINT users_status_length_check CHECK (length(status) <= 20)
);
CREATE INDEX idx_users_email ON users(email);
CREATE INDEX idx_users_phone ON users(phone);
CREATE INDEX idx_users_role ON users(role);
CREATE INDEX idx_users_status ON users(status);

CREATE TABLE user_addresses (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  user_id TEXT NOT NULL CONSTRAINT user_addresses_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  label TEXT,
  province TEXT,
  city TEXT,
  district TEXT,
  address_detail TEXT,
  lat TEXT,
  lng TEXT,
  is_primary INTEGER DEFAULT 0,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT user_addresses_label_length_check CHECK (length(label) <= 50),
  CONSTRAINT user_addresses_province_length_check CHECK (length(province) <= 100),
  CONSTRAINT user_addresses_city_length_check CHECK (length(city) <= 100),
  CONSTRAINT user_addresses_district_length_check CHECK (length(district) <= 100),
  CONSTRAINT user_addresses_lat_decimal_check CHECK (lat IS NULL OR (typeof(lat) = 'text' AND lat NOT GLOB '*[^0-9.-]*' AND lat NOT GLOB '?*-*' AND lat NOT GLOB '*.*.*' AND lat NOT GLOB '*.' AND length(replace(CASE WHEN instr(lat, '.') > 0 THEN substr(lat, 1, instr(lat, '.') - 1) ELSE lat END, '-', '')) BETWEEN 1 AND 2 AND (instr(lat, '.') = 0 OR length(lat) - instr(lat, '.') <= 8))),
  CONSTRAINT user_addresses_lng_decimal_check CHECK (lng IS NULL OR (typeof(lng) = 'text' AND lng NOT GLOB '*[^0-9.-]*' AND lng NOT GLOB '?*-*' AND lng NOT GLOB '*.*.*' AND lng NOT GLOB '*.' AND length(replace(CASE WHEN instr(lng, '.') > 0 THEN substr(lng, 1, instr(lng, '.') - 1) ELSE lng END, '-', '')) BETWEEN 1 AND 3 AND (instr(lng, '.') = 0 OR length(lng) - instr(lng, '.') <= 8))),
  CONSTRAINT user_addresses_is_primary_bool_check CHECK (is_primary IN (0, 1))
);
CREATE INDEX idx_addresses_user_id ON user_addresses(user_id);
CREATE INDEX idx_addresses_city ON user_addresses(city);

CREATE TABLE tutor_profiles (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  user_id TEXT NOT NULL CONSTRAINT tutor_profiles_user_id_key UNIQUE CONSTRAINT tutor_profiles_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  headline TEXT,
  bio TEXT,
  education TEXT,
  experience_years INTEGER,
  teaching_modes TEXT CONSTRAINT tutor_profiles_teaching_modes_check CHECK (teaching_modes IS NULL OR (json_valid(teaching_modes) AND json_type(teaching_modes) = 'array')),
  base_city TEXT,
  timezone TEXT DEFAULT 'Asia/Jakarta',
  intro_video_url TEXT,
  hourly_rate TEXT NOT NULL,
  currency TEXT DEFAULT 'IDR',
  is_verified INTEGER DEFAULT 0,
  verification_status TEXT DEFAULT 'none' CONSTRAINT tutor_profiles_verification_status_check CHECK (verification_status IN ('none', 'pending', 'approved', 'rejected')),
  verification_note TEXT,
  rating_avg TEXT DEFAULT '0.0',
  rating_count INTEGER DEFAULT 0,
  completed_lessons_count INTEGER DEFAULT 0,
  response_rate INTEGER DEFAULT 0 CONSTRAINT tutor_profiles_response_rate_check CHECK (response_rate BETWEEN 0 AND 100),
  status TEXT DEFAULT 'draft' CONSTRAINT tutor_profiles_status_check CHECK (status IN ('draft', 'active', 'inactive', 'banned')),
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  deleted_at TEXT,
  CONSTRAINT tutor_profiles_headline_length_check CHECK (length(headline) <= 255),
  CONSTRAINT tutor_profiles_base_city_length_check CHECK (length(base_city) <= 100),
  CONSTRAINT tutor_profiles_timezone_length_check CHECK (length(timezone) <= 50),
  CONSTRAINT tutor_profiles_hourly_rate_decimal_check CHECK (hourly_rate IS NULL OR (typeof(hourly_rate) = 'text' AND hourly_rate NOT GLOB '*[^0-9.-]*' AND hourly_rate NOT GLOB '?*-*' AND hourly_rate NOT GLOB '*.*.*' AND hourly_rate NOT GLOB '*.' AND length(replace(CASE WHEN instr(hourly_rate, '.') > 0 THEN substr(hourly_rate, 1, instr(hourly_rate, '.') - 1) ELSE hourly_rate END, '-', '')) BETWEEN 1 AND 10 AND (instr(hourly_rate, '.') = 0 OR length(hourly_rate) - instr(hourly_rate, '.') <= 2))),
  CONSTRAINT tutor_profiles_currency_length_check CHECK (length(currency) <= 3),
  CONSTRAINT tutor_profiles_is_verified_bool_check CHECK (is_verified IN (0, 1)),
  CONSTRAINT tutor_profiles_verification_status_length_check CHECK (length(verification_status) <= 20),
  CONSTRAINT tutor_profiles_rating_avg_decimal_check CHECK (rating_avg IS NULL OR (typeof(rating_avg) = 'text' AND rating_avg NOT GLOB '*[^0-9.-]*' AND rating_avg NOT GLOB '?*-*' AND rating_avg NOT GLOB '*.*.*' AND rating_avg NOT GLOB '*.' AND length(replace(CASE WHEN instr(rating_avg, '.') > 0 THEN substr(rating_avg, 1, instr(rating_avg, '.') - 1) ELSE rating_avg END, '-', '')) BETWEEN 1 AND 1 AND (instr(rating_avg, '.') = 0 OR length(rating_avg) - instr(rating_avg, '.') <= 1))),
  CONSTRAINT tutor_profiles_status_length_check CHECK (length(status) <= 20)
);
CREATE INDEX idx_tutor_profiles_user_id ON tutor_profiles(user_id);
CREATE INDEX idx_tutor_profiles_base_city ON tutor_profiles(base_city);
CREATE INDEX idx_tutor_profiles_hourly_rate ON tutor_profiles(hourly_rate);
CREATE INDEX idx_tutor_profiles_rating_avg ON tutor_profiles(rating_avg DESC);
CREATE INDEX idx_tutor_profiles_verification_status ON tutor_profiles(verification_status);
CREATE INDEX idx_tutor_profiles_status ON tutor_profiles(status);
CREATE INDEX idx_tutor_profiles_active_city_rate ON tutor_profiles(base_city, hourly_rate) WHERE status = 'active';
CREATE INDEX idx_tutor_profiles_active_rating ON tutor_profiles(rating_avg DESC, completed_lessons_count DESC) WHERE status = 'active';
CREATE INDEX idx_tutor_profiles_active_verified ON tutor_profiles(is_verified) WHERE status = 'active';

CREATE TABLE subject_categories (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  name TEXT NOT NULL,
  slug TEXT NOT NULL CONSTRAINT subject_categories_slug_key UNIQUE,
  is_active INTEGER DEFAULT 1,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT subject_categories_name_length_check CHECK (length(name) <= 100),
  CONSTRAINT subject_categories_slug_length_check CHECK (length(slug) <= 100),
  CONSTRAINT subject_categories_is_active_bool_check CHECK (is_active IN (0, 1))
);
CREATE INDEX idx_categories_slug ON subject_categories(slug);

CREATE TABLE subjects (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  name TEXT NOT NULL,
  slug TEXT NOT NULL CONSTRAINT subjects_slug_key UNIQUE,
  category_id TEXT CONSTRAINT subjects_category_id_fkey REFERENCES subject_categories(id) ON DELETE SET NULL,
  is_active INTEGER DEFAULT 1,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT subjects_name_length_check CHECK (length(name) <= 100),
  CONSTRAINT subjects_slug_length_check CHECK (length(slug) <= 100),
  CONSTRAINT subjects_is_active_bool_check CHECK (is_active IN (0, 1))
);
CREATE INDEX idx_subjects_slug ON subjects(slug);
CREATE INDEX idx_subjects_category_id ON subjects(category_id);
CREATE INDEX idx_subjects_is_active ON subjects(is_active);

CREATE TABLE tutor_subjects (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  tutor_profile_id TEXT NOT NULL CONSTRAINT tutor_subjects_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  subject_id TEXT NOT NULL CONSTRAINT tutor_subjects_subject_id_fkey REFERENCES subjects(id) ON DELETE CASCADE,
  level TEXT CONSTRAINT tutor_subjects_level_check CHECK (level IN ('sd', 'smp', 'sma', 'university', 'professional', 'general')),
  price_override TEXT,
  currency TEXT DEFAULT 'IDR',
  description TEXT,
  is_active INTEGER DEFAULT 1,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT tutor_subjects_tutor_profile_id_subject_id_level_key UNIQUE (tutor_profile_id, subject_id, level),
  CONSTRAINT tutor_subjects_level_length_check CHECK (length(level) <= 20),
  CONSTRAINT tutor_subjects_price_override_decimal_check CHECK (price_override IS NULL OR (typeof(price_override) = 'text' AND price_override NOT GLOB '*[^0-9.-]*' AND price_override NOT GLOB '?*-*' AND price_override NOT GLOB '*.*.*' AND price_override NOT GLOB '*.' AND length(replace(CASE WHEN instr(price_override, '.') > 0 THEN substr(price_override, 1, instr(price_override, '.') - 1) ELSE price_override END, '-', '')) BETWEEN 1 AND 10 AND (instr(price_override, '.') = 0 OR length(price_override) - instr(price_override, '.') <= 2))),
  CONSTRAINT tutor_subjects_currency_length_check CHECK (length(currency) <= 3),
  CONSTRAINT tutor_subjects_is_active_bool_check CHECK (is_active IN (0, 1))
);
CREATE INDEX idx_tutor_subjects_tutor_id ON tutor_subjects(tutor_profile_id);
CREATE INDEX idx_tutor_subjects_subject_id ON tutor_subjects(subject_id);
CREATE INDEX idx_tutor_subjects_level ON tutor_subjects(level);
CREATE INDEX idx_tutor_subjects_active_subject_level ON tutor_subjects(subject_id, level) WHERE is_active;

CREATE TABLE tutor_documents (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  tutor_profile_id TEXT NOT NULL CONSTRAINT tutor_documents_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  doc_type TEXT CONSTRAINT tutor_documents_doc_type_check CHECK (doc_type IN ('ktp', 'diploma', 'certificate', 'portfolio', 'other')),
  file_url TEXT NOT NULL,
  status TEXT DEFAULT 'pending' CONSTRAINT tutor_documents_status_check CHECK (status IN ('pending', 'approved', 'rejected')),
  reviewed_by TEXT CONSTRAINT tutor_documents_reviewed_by_fkey REFERENCES users(id),
  reviewed_at TEXT,
  note TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT tutor_documents_doc_type_length_check CHECK (length(doc_type) <= 50),
  CONSTRAINT tutor_documents_status_length_check CHECK (length(status) <= 20)
);
CREATE INDEX idx_tutor_docs_tutor_id ON tutor_documents(tutor_profile_id);
CREATE INDEX idx_tutor_docs_status ON tutor_documents(status);
CREATE INDEX idx_tutor_docs_reviewed_by ON tutor_documents(reviewed_by);

CREATE TABLE tutor_availabilities (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  tutor_profile_id TEXT NOT NULL CONSTRAINT tutor_availabilities_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  day_of_week INTEGER NOT NULL CONSTRAINT tutor_availabilities_day_of_week_check CHECK (day_of_week BETWEEN 0 AND 6),
  start_time TEXT NOT NULL,
  end_time TEXT NOT NULL,
  slot_duration_minutes INTEGER DEFAULT 60,
  is_active INTEGER DEFAULT 1,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT tutor_availabilities_time_range_check CHECK (end_time > start_time),
  CONSTRAINT tutor_availabilities_is_active_bool_check CHECK (is_active IN (0, 1))
);
CREATE INDEX idx_availabilities_tutor_id ON tutor_availabilities(tutor_profile_id);
CREATE INDEX idx_availabilities_day ON tutor_availabilities(day_of_week);
CREATE INDEX idx_availabilities_is_active ON tutor_availabilities(is_active);

CREATE TABLE tutor_time_offs (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  tutor_profile_id TEXT NOT NULL CONSTRAINT tutor_time_offs_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  start_at TEXT NOT NULL,
  end_at TEXT NOT NULL,
  reason TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT tutor_time_offs_time_range_check CHECK (end_at > start_at)
);
CREATE INDEX idx_time_offs_tutor_id ON tutor_time_offs(tutor_profile_id);
CREATE INDEX idx_time_offs_dates ON tutor_time_offs(start_at, end_at);

CREATE TABLE bookings (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  student_id TEXT NOT NULL CONSTRAINT bookings_student_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  tutor_profile_id TEXT NOT NULL CONSTRAINT bookings_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  tutor_subject_id TEXT CONSTRAINT bookings_tutor_subject_id_fkey REFERENCES tutor_subjects(id) ON DELETE SET NULL,
  mode TEXT CONSTRAINT bookings_mode_check CHECK (mode IN ('online', 'offline')),
  start_at TEXT NOT NULL,
  end_at TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL,
  location_type TEXT CONSTRAINT bookings_location_type_check CHECK (location_type IN ('student_place', 'tutor_place', 'public_place', 'online')),
  location_address TEXT,
  lat TEXT,
  lng TEXT,
  meeting_link TEXT,
  status TEXT DEFAULT 'draft' CONSTRAINT bookings_status_check CHECK (status IN ('draft', 'pending_payment', 'confirmed', 'reschedule_requested', 'cancelled', 'completed', 'no_show', 'disputed')),
  cancelled_by TEXT CONSTRAINT bookings_cancelled_by_check CHECK (cancelled_by IN ('student', 'tutor', 'system', 'admin')),
  cancel_reason TEXT,
  price TEXT NOT NULL,
  platform_fee TEXT NOT NULL,
  total_amount TEXT NOT NULL,
  currency TEXT DEFAULT 'IDR',
  notes TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  deleted_at TEXT,
  CONSTRAINT bookings_time_range_check CHECK (end_at > start_at),
  CONSTRAINT bookings_mode_length_check CHECK (length(mode) <= 20),
  CONSTRAINT bookings_location_type_length_check CHECK (length(location_type) <= 50),
  CONSTRAINT bookings_lat_decimal_check CHECK (lat IS NULL OR (typeof(lat) = 'text' AND lat NOT GLOB '*[^0-9.-]*' AND lat NOT GLOB '?*-*' AND lat NOT GLOB '*.*.*' AND lat NOT GLOB '*.' AND length(replace(CASE WHEN instr(lat, '.') > 0 THEN substr(lat, 1, instr(lat, '.') - 1) ELSE lat END, '-', '')) BETWEEN 1 AND 2 AND (instr(lat, '.') = 0 OR length(lat) - instr(lat, '.') <= 8))),
  CONSTRAINT bookings_lng_decimal_check CHECK (lng IS NULL OR (typeof(lng) = 'text' AND lng NOT GLOB '*[^0-9.-]*' AND lng NOT GLOB '?*-*' AND lng NOT GLOB '*.*.*' AND lng NOT GLOB '*.' AND length(replace(CASE WHEN instr(lng, '.') > 0 THEN substr(lng, 1, instr(lng, '.') - 1) ELSE lng END, '-', '')) BETWEEN 1 AND 3 AND (instr(lng, '.') = 0 OR length(lng) - instr(lng, '.') <= 8))),
  CONSTRAINT bookings_status_length_check CHECK (length(status) <= 30),
  CONSTRAINT bookings_cancelled_by_length_check CHECK (length(cancelled_by) <= 20),
  CONSTRAINT bookings_price_decimal_check CHECK (price IS NULL OR (typeof(price) = 'text' AND price NOT GLOB '*[^0-9.-]*' AND price NOT GLOB '?*-*' AND price NOT GLOB '*.*.*' AND price NOT GLOB '*.' AND length(replace(CASE WHEN instr(price, '.') > 0 THEN substr(price, 1, instr(price, '.') - 1) ELSE price END, '-', '')) BETWEEN 1 AND 10 AND (instr(price, '.') = 0 OR length(price) - instr(price, '.') <= 2))),
  CONSTRAINT bookings_platform_fee_decimal_check CHECK (platform_fee IS NULL OR (typeof(platform_fee) = 'text' AND platform_fee NOT GLOB '*[^0-9.-]*' AND platform_fee NOT GLOB '?*-*' AND platform_fee NOT GLOB '*.*.*' AND platform_fee NOT GLOB '*.' AND length(replace(CASE WHEN instr(platform_fee, '.') > 0 THEN substr(platform_fee, 1, instr(platform_fee, '.') - 1) ELSE platform_fee END, '-', '')) BETWEEN 1 AND 10 AND (instr(platform_fee, '.') = 0 OR length(platform_fee) - instr(platform_fee, '.') <= 2))),
  CONSTRAINT bookings_total_amount_decimal_check CHECK (total_amount IS NULL OR (typeof(total_amount) = 'text' AND total_amount NOT GLOB '*[^0-9.-]*' AND total_amount NOT GLOB '?*-*' AND total_amount NOT GLOB '*.*.*' AND total_amount NOT GLOB '*.' AND length(replace(CASE WHEN instr(total_amount, '.') > 0 THEN substr(total_amount, 1, instr(total_amount, '.') - 1) ELSE total_amount END, '-', '')) BETWEEN 1 AND 10 AND (instr(total_amount, '.') = 0 OR length(total_amount) - instr(total_amount, '.') <= 2))),
  CONSTRAINT bookings_currency_length_check CHECK (length(currency) <= 3)
);
CREATE INDEX idx_bookings_student_id ON bookings(student_id);
CREATE INDEX idx_bookings_tutor_id ON bookings(tutor_profile_id);
CREATE INDEX idx_bookings_start_at ON bookings(start_at);
CREATE INDEX idx_bookings_status ON bookings(status);
CREATE INDEX idx_bookings_created_at ON bookings(created_at DESC);
CREATE INDEX idx_bookings_tutor_start ON bookings(tutor_profile_id, start_at);
CREATE INDEX idx_bookings_student_start ON bookings(student_id, start_at);
CREATE INDEX idx_bookings_tutor_subject_id ON bookings(tutor_subject_id);

CREATE TABLE booking_status_logs (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  booking_id TEXT NOT NULL CONSTRAINT booking_status_logs_booking_id_fkey REFERENCES bookings(id) ON DELETE CASCADE,
  from_status TEXT,
  to_status TEXT NOT NULL,
  changed_by_user_id TEXT CONSTRAINT booking_status_logs_changed_by_user_id_fkey REFERENCES users(id),
  reason TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT booking_status_logs_from_status_length_check CHECK (length(from_status) <= 30),
  CONSTRAINT booking_status_logs_to_status_length_check CHECK (length(to_status) <= 30)
);
CREATE INDEX idx_status_logs_booking_id ON booking_status_logs(booking_id);
CREATE INDEX idx_status_logs_created_at ON booking_status_logs(created_at DESC);
CREATE INDEX idx_status_logs_changed_by ON booking_status_logs(changed_by_user_id);

CREATE TABLE payment_transactions (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  booking_id TEXT NOT NULL CONSTRAINT payment_transactions_booking_id_key UNIQUE CONSTRAINT payment_transactions_booking_id_fkey REFERENCES bookings(id) ON DELETE CASCADE,
  provider TEXT CONSTRAINT payment_transactions_provider_check CHECK (provider IN ('midtrans', 'xendit', 'manual')),
  payment_method TEXT,
  external_payment_id TEXT,
  status TEXT DEFAULT 'pending' CONSTRAINT payment_transactions_status_check CHECK (status IN ('pending', 'paid', 'failed', 'expired', 'refunded')),
  amount TEXT NOT NULL,
  currency TEXT DEFAULT 'IDR',
  paid_at TEXT,
  expires_at TEXT,
  raw_payload TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  deleted_at TEXT,
  CONSTRAINT payment_transactions_provider_length_check CHECK (length(provider) <= 50),
  CONSTRAINT payment_transactions_payment_method_length_check CHECK (length(payment_method) <= 50),
  CONSTRAINT payment_transactions_external_payment_id_length_check CHECK (length(external_payment_id) <= 255),
  CONSTRAINT payment_transactions_status_length_check CHECK (length(status) <= 20),
  CONSTRAINT payment_transactions_amount_decimal_check CHECK (amount IS NULL OR (typeof(amount) = 'text' AND amount NOT GLOB '*[^0-9.-]*' AND amount NOT GLOB '?*-*' AND amount NOT GLOB '*.*.*' AND amount NOT GLOB '*.' AND length(replace(CASE WHEN instr(amount, '.') > 0 THEN substr(amount, 1, instr(amount, '.') - 1) ELSE amount END, '-', '')) BETWEEN 1 AND 10 AND (instr(amount, '.') = 0 OR length(amount) - instr(amount, '.') <= 2))),
  CONSTRAINT payment_transactions_currency_length_check CHECK (length(currency) <= 3),
  CONSTRAINT payment_transactions_raw_payload_json_check CHECK (raw_payload IS NULL OR json_valid(raw_payload))
);
CREATE INDEX idx_payments_booking_id ON payment_transactions(booking_id);
CREATE INDEX idx_payments_status ON payment_transactions(status);
CREATE INDEX idx_payments_external_id ON payment_transactions(external_payment_id);

CREATE TABLE wallets (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  user_id TEXT NOT NULL CONSTRAINT wallets_user_id_key UNIQUE CONSTRAINT wallets_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  balance TEXT DEFAULT '0.00',
  currency TEXT DEFAULT 'IDR',
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  deleted_at TEXT,
  CONSTRAINT wallets_balance_check CHECK (CAST(balance AS NUMERIC) >= 0),
  CONSTRAINT wallets_balance_decimal_check CHECK (balance IS NULL OR (typeof(balance) = 'text' AND balance NOT GLOB '*[^0-9.-]*' AND balance NOT GLOB '?*-*' AND balance NOT GLOB '*.*.*' AND balance NOT GLOB '*.' AND length(replace(CASE WHEN instr(balance, '.') > 0 THEN substr(balance, 1, instr(balance, '.') - 1) ELSE balance END, '-', '')) BETWEEN 1 AND 10 AND (instr(balance, '.') = 0 OR length(balance) - instr(balance, '.') <= 2))),
  CONSTRAINT wallets_currency_length_check CHECK (length(currency) <= 3)
);
CREATE INDEX idx_wallets_user_id ON wallets(user_id);

CREATE TABLE wallet_ledger_entries (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  wallet_id TEXT NOT NULL CONSTRAINT wallet_ledger_entries_wallet_id_fkey REFERENCES wallets(id) ON DELETE CASCADE,
  type TEXT CONSTRAINT wallet_ledger_entries_type_check CHECK (type IN ('escrow_hold', 'release_to_tutor', 'platform_fee', 'refund', 'withdrawal')),
  amount TEXT NOT NULL,
  booking_id TEXT CONSTRAINT wallet_ledger_entries_booking_id_fkey REFERENCES bookings(id),
  reference_id TEXT,
  meta TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT wallet_ledger_entries_type_length_check CHECK (length(type) <= 50),
  CONSTRAINT wallet_ledger_entries_amount_decimal_check CHECK (amount IS NULL OR (typeof(amount) = 'text' AND amount NOT GLOB '*[^0-9.-]*' AND amount NOT GLOB '?*-*' AND amount NOT GLOB '*.*.*' AND amount NOT GLOB '*.' AND length(replace(CASE WHEN instr(amount, '.') > 0 THEN substr(amount, 1, instr(amount, '.') - 1) ELSE amount END, '-', '')) BETWEEN 1 AND 10 AND (instr(amount, '.') = 0 OR length(amount) - instr(amount, '.') <= 2))),
  CONSTRAINT wallet_ledger_entries_reference_id_length_check CHECK (length(reference_id) <= 255),
  CONSTRAINT wallet_ledger_entries_meta_json_check CHECK (meta IS NULL OR json_valid(meta))
);
CREATE INDEX idx_ledger_wallet_id ON wallet_ledger_entries(wallet_id);
CREATE INDEX idx_ledger_booking_id ON wallet_ledger_entries(booking_id);
CREATE INDEX idx_ledger_type ON wallet_ledger_entries(type);
CREATE INDEX idx_ledger_created_at ON wallet_ledger_entries(created_at DESC);
CREATE INDEX idx_ledger_wallet_created ON wallet_ledger_entries(wallet_id, created_at);

CREATE TABLE conversations (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  student_id TEXT NOT NULL CONSTRAINT conversations_student_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  tutor_profile_id TEXT NOT NULL CONSTRAINT conversations_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  last_message_at TEXT,
  is_blocked INTEGER DEFAULT 0,
  blocked_by_user_id TEXT CONSTRAINT conversations_blocked_by_user_id_fkey REFERENCES users(id),
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT conversations_student_id_tutor_profile_id_key UNIQUE (student_id, tutor_profile_id),
  CONSTRAINT conversations_is_blocked_bool_check CHECK (is_blocked IN (0, 1))
);
CREATE INDEX idx_conversations_student_id ON conversations(student_id);
CREATE INDEX idx_conversations_tutor_id ON conversations(tutor_profile_id);
CREATE INDEX idx_conversations_last_message ON conversations(last_message_at DESC);
CREATE INDEX idx_conversations_blocked_by ON conversations(blocked_by_user_id);

CREATE TABLE messages (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  conversation_id TEXT NOT NULL CONSTRAINT messages_conversation_id_fkey REFERENCES conversations(id) ON DELETE CASCADE,
  sender_user_id TEXT NOT NULL CONSTRAINT messages_sender_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  message_type TEXT DEFAULT 'text' CONSTRAINT messages_message_type_check CHECK (message_type IN ('text', 'image', 'file')),
  content TEXT,
  file_url TEXT,
  read_at TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT messages_message_type_length_check CHECK (length(message_type) <= 20)
);
CREATE INDEX idx_messages_conversation_id ON messages(conversation_id);
CREATE INDEX idx_messages_sender_id ON messages(sender_user_id);
CREATE INDEX idx_messages_created_at ON messages(created_at DESC);
CREATE INDEX idx_messages_conversation_created ON messages(conversation_id, created_at DESC);

CREATE TABLE reviews (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  booking_id TEXT NOT NULL CONSTRAINT reviews_booking_id_key UNIQUE CONSTRAINT reviews_booking_id_fkey REFERENCES bookings(id) ON DELETE CASCADE,
  tutor_profile_id TEXT NOT NULL CONSTRAINT reviews_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  author_user_id TEXT NOT NULL CONSTRAINT reviews_author_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  rating INTEGER NOT NULL CONSTRAINT reviews_rating_check CHECK (rating BETWEEN 1 AND 5),
  comment TEXT,
  status TEXT DEFAULT 'published' CONSTRAINT reviews_status_check CHECK (status IN ('published', 'hidden', 'removed')),
  moderated_by TEXT CONSTRAINT reviews_moderated_by_fkey REFERENCES users(id),
  moderated_reason TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  deleted_at TEXT,
  CONSTRAINT reviews_status_length_check CHECK (length(status) <= 20)
);
CREATE INDEX idx_reviews_booking_id ON reviews(booking_id);
CREATE INDEX idx_reviews_tutor_id ON reviews(tutor_profile_id);
CREATE INDEX idx_reviews_author_id ON reviews(author_user_id);
CREATE INDEX idx_reviews_rating ON reviews(rating);
CREATE INDEX idx_reviews_status ON reviews(status);
CREATE INDEX idx_reviews_created_at ON reviews(created_at DESC);
CREATE INDEX idx_reviews_moderated_by ON reviews(moderated_by);

CREATE TABLE progress_logs (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  booking_id TEXT NOT NULL CONSTRAINT progress_logs_booking_id_fkey REFERENCES bookings(id) ON DELETE CASCADE,
  tutor_profile_id TEXT NOT NULL CONSTRAINT progress_logs_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  student_id TEXT NOT NULL CONSTRAINT progress_logs_student_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  summary TEXT,
  homework TEXT,
  next_plan TEXT,
  attachment_url TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))
);
CREATE INDEX idx_progress_booking_id ON progress_logs(booking_id);
CREATE INDEX idx_progress_student_id ON progress_logs(student_id);
CREATE INDEX idx_progress_tutor_id ON progress_logs(tutor_profile_id);
CREATE INDEX idx_progress_created_at ON progress_logs(created_at DESC);

CREATE TABLE favorites (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  student_id TEXT NOT NULL CONSTRAINT favorites_student_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  tutor_profile_id TEXT NOT NULL CONSTRAINT favorites_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT favorites_student_id_tutor_profile_id_key UNIQUE (student_id, tutor_profile_id)
);
CREATE INDEX idx_favorites_student_id ON favorites(student_id);
CREATE INDEX idx_favorites_tutor_id ON favorites(tutor_profile_id);

CREATE TABLE lesson_packages (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  tutor_profile_id TEXT NOT NULL CONSTRAINT lesson_packages_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  tutor_subject_id TEXT CONSTRAINT lesson_packages_tutor_subject_id_fkey REFERENCES tutor_subjects(id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  session_count INTEGER NOT NULL,
  total_price TEXT NOT NULL,
  currency TEXT DEFAULT 'IDR',
  valid_days INTEGER NOT NULL,
  is_active INTEGER DEFAULT 1,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  deleted_at TEXT,
  CONSTRAINT lesson_packages_name_length_check CHECK (length(name) <= 255),
  CONSTRAINT lesson_packages_total_price_decimal_check CHECK (total_price IS NULL OR (typeof(total_price) = 'text' AND total_price NOT GLOB '*[^0-9.-]*' AND total_price NOT GLOB '?*-*' AND total_price NOT GLOB '*.*.*' AND total_price NOT GLOB '*.' AND length(replace(CASE WHEN instr(total_price, '.') > 0 THEN substr(total_price, 1, instr(total_price, '.') - 1) ELSE total_price END, '-', '')) BETWEEN 1 AND 10 AND (instr(total_price, '.') = 0 OR length(total_price) - instr(total_price, '.') <= 2))),
  CONSTRAINT lesson_packages_currency_length_check CHECK (length(currency) <= 3),
  CONSTRAINT lesson_packages_is_active_bool_check CHECK (is_active IN (0, 1))
);
CREATE INDEX idx_packages_tutor_id ON lesson_packages(tutor_profile_id);
CREATE INDEX idx_packages_is_active ON lesson_packages(is_active);
CREATE INDEX idx_packages_tutor_subject_id ON lesson_packages(tutor_subject_id);

CREATE TABLE package_purchases (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  student_id TEXT NOT NULL CONSTRAINT package_purchases_student_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  lesson_package_id TEXT NOT NULL CONSTRAINT package_purchases_lesson_package_id_fkey REFERENCES lesson_packages(id) ON DELETE CASCADE,
  status TEXT DEFAULT 'pending_payment' CONSTRAINT package_purchases_status_check CHECK (status IN ('pending_payment', 'active', 'expired', 'cancelled')),
  sessions_remaining INTEGER NOT NULL,
  start_at TEXT,
  expires_at TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  deleted_at TEXT,
  CONSTRAINT package_purchases_status_length_check CHECK (length(status) <= 20)
);
CREATE INDEX idx_package_purchases_student_id ON package_purchases(student_id);
CREATE INDEX idx_package_purchases_package_id ON package_purchases(lesson_package_id);
CREATE INDEX idx_package_purchases_status ON package_purchases(status);

CREATE TABLE reports (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  reporter_user_id TEXT NOT NULL CONSTRAINT reports_reporter_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  target_type TEXT CONSTRAINT reports_target_type_check CHECK (target_type IN ('user', 'tutor_profile', 'review', 'message', 'booking')),
  target_id TEXT NOT NULL,
  reason TEXT CONSTRAINT reports_reason_check CHECK (reason IN ('spam', 'fraud', 'harassment', 'inappropriate', 'other')),
  description TEXT,
  status TEXT DEFAULT 'open' CONSTRAINT reports_status_check CHECK (status IN ('open', 'investigating', 'resolved', 'rejected')),
  handled_by TEXT CONSTRAINT reports_handled_by_fkey REFERENCES users(id),
  handled_at TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  updated_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT reports_target_type_length_check CHECK (length(target_type) <= 50),
  CONSTRAINT reports_reason_length_check CHECK (length(reason) <= 50),
  CONSTRAINT reports_status_length_check CHECK (length(status) <= 20)
);
CREATE INDEX idx_reports_reporter_id ON reports(reporter_user_id);
CREATE INDEX idx_reports_target ON reports(target_type, target_id);
CREATE INDEX idx_reports_status ON reports(status);
CREATE INDEX idx_reports_created_at ON reports(created_at DESC);
CREATE INDEX idx_reports_handled_by ON reports(handled_by);

CREATE TABLE notifications (
  id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))),
  user_id TEXT NOT NULL CONSTRAINT notifications_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  title TEXT NOT NULL,
  message TEXT NOT NULL,
  link TEXT,
  is_read INTEGER DEFAULT 0,
  read_at TEXT,
  created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  CONSTRAINT notifications_type_length_check CHECK (length(type) <= 50),
  CONSTRAINT notifications_title_length_check CHECK (length(title) <= 255),
  CONSTRAINT notifications_is_read_bool_check CHECK (is_read IN (0, 1))
);
CREATE INDEX idx_notifications_user_id ON notifications(user_id);
CREATE INDEX idx_notifications_is_read ON notifications(is_read);
CREATE INDEX idx_notifications_created_at ON notifications(created_at DESC);
CREATE INDEX idx_notifications_user_created ON notifications(user_id, created_at DESC);
CREATE INDEX idx_notifications_user_unread ON notifications(user_id) WHERE is_read = false;

-- updated_at, kept like PostgreSQL's blajarplus_set_updated_at().

CREATE TRIGGER users_set_updated_at AFTER UPDATE ON users
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE users SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER user_addresses_set_updated_at AFTER UPDATE ON user_addresses
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE user_addresses SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER tutor_profiles_set_updated_at AFTER UPDATE ON tutor_profiles
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE tutor_profiles SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER subject_categories_set_updated_at AFTER UPDATE ON subject_categories
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE subject_categories SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER subjects_set_updated_at AFTER UPDATE ON subjects
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE subjects SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER tutor_subjects_set_updated_at AFTER UPDATE ON tutor_subjects
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE tutor_subjects SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER tutor_documents_set_updated_at AFTER UPDATE ON tutor_documents
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE tutor_documents SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER tutor_availabilities_set_updated_at AFTER UPDATE ON tutor_availabilities
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE tutor_availabilities SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER bookings_set_updated_at AFTER UPDATE ON bookings
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE bookings SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER payment_transactions_set_updated_at AFTER UPDATE ON payment_transactions
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE payment_transactions SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER wallets_set_updated_at AFTER UPDATE ON wallets
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE wallets SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER conversations_set_updated_at AFTER UPDATE ON conversations
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE conversations SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER reviews_set_updated_at AFTER UPDATE ON reviews
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE reviews SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER progress_logs_set_updated_at AFTER UPDATE ON progress_logs
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE progress_logs SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER lesson_packages_set_updated_at AFTER UPDATE ON lesson_packages
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE lesson_packages SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER package_purchases_set_updated_at AFTER UPDATE ON package_purchases
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE package_purchases SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;

CREATE TRIGGER reports_set_updated_at AFTER UPDATE ON reports
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE reports SET updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = NEW.id;
END;


-- bookings_no_overlap: two slot-holding bookings of one tutor never overlap ([start, end)).

CREATE TRIGGER bookings_no_overlap_insert BEFORE INSERT ON bookings
FOR EACH ROW WHEN NEW.status IN ('pending_payment', 'confirmed', 'reschedule_requested', 'completed', 'no_show', 'disputed') AND EXISTS (
  SELECT 1 FROM bookings b
  WHERE b.tutor_profile_id = NEW.tutor_profile_id AND b.id <> NEW.id
    AND b.status IN ('pending_payment', 'confirmed', 'reschedule_requested', 'completed', 'no_show', 'disputed')
    AND b.start_at < NEW.end_at AND b.end_at > NEW.start_at)
BEGIN
  SELECT RAISE(ABORT, 'bookings_no_overlap');
END;

CREATE TRIGGER bookings_no_overlap_update BEFORE UPDATE OF start_at, end_at, status, tutor_profile_id ON bookings
FOR EACH ROW WHEN NEW.status IN ('pending_payment', 'confirmed', 'reschedule_requested', 'completed', 'no_show', 'disputed') AND EXISTS (
  SELECT 1 FROM bookings b
  WHERE b.tutor_profile_id = NEW.tutor_profile_id AND b.id <> NEW.id
    AND b.status IN ('pending_payment', 'confirmed', 'reschedule_requested', 'completed', 'no_show', 'disputed')
    AND b.start_at < NEW.end_at AND b.end_at > NEW.start_at)
BEGIN
  SELECT RAISE(ABORT, 'bookings_no_overlap');
END;


-- teaching_modes elements: PostgreSQL's `teaching_modes <@ ARRAY[...]` CHECK.

CREATE TRIGGER tutor_profiles_teaching_modes_insert BEFORE INSERT ON tutor_profiles
FOR EACH ROW WHEN NEW.teaching_modes IS NOT NULL AND json_valid(NEW.teaching_modes) AND EXISTS (
  SELECT 1 FROM json_each(NEW.teaching_modes) WHERE value NOT IN ('online', 'offline', 'both'))
BEGIN
  SELECT RAISE(ABORT, 'CHECK constraint failed: tutor_profiles_teaching_modes_check');
END;

CREATE TRIGGER tutor_profiles_teaching_modes_update BEFORE UPDATE OF teaching_modes ON tutor_profiles
FOR EACH ROW WHEN NEW.teaching_modes IS NOT NULL AND json_valid(NEW.teaching_modes) AND EXISTS (
  SELECT 1 FROM json_each(NEW.teaching_modes) WHERE value NOT IN ('online', 'offline', 'both'))
BEGIN
  SELECT RAISE(ABORT, 'CHECK constraint failed: tutor_profiles_teaching_modes_check');
END;

-- Full-text search (FTS5). Each index keeps its own copy of the text with the row's id, so it
-- does not depend on rowids (which VACUUM may renumber for tables keyed by TEXT).
CREATE VIRTUAL TABLE tutor_profiles_fts USING fts5(
  tutor_profile_id UNINDEXED, headline, bio, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER tutor_profiles_fts_insert AFTER INSERT ON tutor_profiles BEGIN
  INSERT INTO tutor_profiles_fts (tutor_profile_id, headline, bio)
  VALUES (NEW.id, NEW.headline, NEW.bio);
END;
CREATE TRIGGER tutor_profiles_fts_update AFTER UPDATE OF headline, bio ON tutor_profiles BEGIN
  DELETE FROM tutor_profiles_fts WHERE tutor_profile_id = OLD.id;
  INSERT INTO tutor_profiles_fts (tutor_profile_id, headline, bio)
  VALUES (NEW.id, NEW.headline, NEW.bio);
END;
CREATE TRIGGER tutor_profiles_fts_delete AFTER DELETE ON tutor_profiles BEGIN
  DELETE FROM tutor_profiles_fts WHERE tutor_profile_id = OLD.id;
END;

CREATE VIRTUAL TABLE subjects_fts USING fts5(
  subject_id UNINDEXED, name, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER subjects_fts_insert AFTER INSERT ON subjects BEGIN
  INSERT INTO subjects_fts (subject_id, name) VALUES (NEW.id, NEW.name);
END;
CREATE TRIGGER subjects_fts_update AFTER UPDATE OF name ON subjects BEGIN
  DELETE FROM subjects_fts WHERE subject_id = OLD.id;
  INSERT INTO subjects_fts (subject_id, name) VALUES (NEW.id, NEW.name);
END;
CREATE TRIGGER subjects_fts_delete AFTER DELETE ON subjects BEGIN
  DELETE FROM subjects_fts WHERE subject_id = OLD.id;
END;
