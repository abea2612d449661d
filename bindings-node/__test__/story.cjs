// The quickstart's story, shared by the SQLite and PostgreSQL suites: a catalogue, a published
// tutor and a student on a marketplace whose clock the test moves. Not a test file itself.
'use strict'

const assert = require('node:assert/strict')
const crypto = require('node:crypto')

const { Marketplace, FixedClock } = require('../index.js')

const MIDTRANS_KEY = 'SB-Mid-server-node-tests'
const XENDIT_TOKEN = 'xendit-callback-token-node-tests'
// A Monday, 00:00 UTC: the tutor's Mon–Fri 16:00–20:00 Jakarta hours are 09:00–13:00 UTC.
const START = new Date('2030-01-07T00:00:00Z')
const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

/** The PostgreSQL URL of this run's database; a missing one fails the test, never skips it. */
function pgUrl() {
  const url = process.env.BLAJARPLUS_TEST_PG_URL
  assert.ok(
    url,
    'BLAJARPLUS_TEST_PG_URL is not set: run bindings-node/test.sh (it creates a fresh database)',
  )
  return url
}

/** Unique contact details, so that suites sharing a database never collide. */
function unique(name) {
  const tag = crypto.randomBytes(4).toString('hex')
  return { fullName: name, email: `${name.split(' ')[0].toLowerCase()}.${tag}@example.id` }
}

/** Opens a marketplace on its own clock, with an admin (bootstrapped once per database). */
async function openWorld(url) {
  const clock = new FixedClock(START)
  const m = await Marketplace.open(url, {
    midtransServerKey: MIDTRANS_KEY,
    xenditCallbackToken: XENDIT_TOKEN,
    clock,
  })
  const admin = await m.bootstrapAdmin('Admin Blajarplus', unique('Admin Blajarplus').email)
  return { m, clock, admin: { userId: admin.id, role: 'admin' } }
}

/** A published tutor teaching one subject Mon–Fri 16:00–20:00 Jakarta. */
async function publishedTutor(world) {
  const { m, admin } = world
  const category = await m.createCategory(admin, `Akademik ${crypto.randomUUID()}`)
  const subject = await m.createSubject(admin, `Matematika ${crypto.randomUUID()}`, category.id)
  const user = await m.registerUser({ role: 'tutor', ...unique('Rina Wijaya') })
  const tutor = { userId: user.id, role: 'tutor' }
  await m.createTutorProfile(tutor, {
    headline: 'Guru Matematika SMA & persiapan UTBK',
    teachingModes: ['online', 'offline'],
    baseCity: 'Jakarta',
    hourlyRate: '150000',
  })
  const teaches = await m.addTutorSubject(tutor, {
    subjectId: subject.id,
    level: 'sma',
    priceOverride: '175000',
    description: 'Kalkulus, aljabar, persiapan UTBK',
  })
  const rules = [1, 2, 3, 4, 5].map((dayOfWeek) => ({
    dayOfWeek,
    startTime: '16:00',
    endTime: '20:00',
    slotDurationMinutes: 60,
  }))
  await m.setWeeklyAvailability(tutor, rules)
  const profile = await m.publishTutorProfile(tutor)
  return { user, tutor, profile, teaches, subject, category }
}

async function student(world, name = 'Budi Santoso') {
  const user = await world.m.registerUser({ role: 'student', ...unique(name) })
  return { user, actor: { userId: user.id, role: 'student' } }
}

/** A draft booking of the first free hour in the coming week. */
async function draftBooking(world, teacher, learner) {
  const { m } = world
  const now = m.now()
  const slots = await m.availableSlots(teacher.profile.id, now, new Date(+now + 7 * DAY), 60)
  assert.ok(slots.length > 0, 'no free slot')
  return m.createBooking(learner.actor, {
    tutorSubjectId: teacher.teaches.id,
    startAt: slots[0].start,
    durationMinutes: 60,
    mode: 'online',
    meetingLink: 'https://meet.example/rina-budi',
    notes: 'Bab limit dan turunan',
  })
}

/** A Midtrans HTTP notification body for `payment`, signed with `key` as Midtrans does. */
function midtransBody(payment, { key = MIDTRANS_KEY, status = 'settlement' } = {}) {
  const grossAmount = `${payment.amount.split('.')[0]}.00`
  const signature = crypto
    .createHash('sha512')
    .update(`${payment.id}200${grossAmount}${key}`)
    .digest('hex')
  return JSON.stringify({
    transaction_status: status,
    status_code: '200',
    order_id: payment.id,
    gross_amount: grossAmount,
    currency: 'IDR',
    payment_type: 'bank_transfer',
    transaction_id: crypto.randomUUID(),
    fraud_status: 'accept',
    signature_key: signature,
  })
}

/** A booking paid through a signed Midtrans notification: confirmed, escrow held. */
async function paidBooking(world, teacher, learner) {
  const draft = await draftBooking(world, teacher, learner)
  const { payment } = await world.m.checkout(learner.actor, draft.id, 'midtrans')
  assert.equal(await world.m.handleMidtransNotification(midtransBody(payment)), 'applied')
  return world.m.getBooking(learner.actor, draft.id)
}

/** Asserts that `promise` rejects with an Error whose `code` is `code` (and `field`). */
async function rejectsWith(promise, code, field) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof Error, `not an Error: ${err}`)
    assert.equal(err.code, code, err.message)
    if (field !== undefined) assert.equal(err.field, field)
    return true
  })
}

module.exports = {
  DAY,
  MINUTE,
  START,
  MIDTRANS_KEY,
  XENDIT_TOKEN,
  draftBooking,
  midtransBody,
  openWorld,
  paidBooking,
  pgUrl,
  publishedTutor,
  rejectsWith,
  student,
  unique,
}
