// Reference HTTP service: Express over the Blajarplus Node binding.
//
// What a real backend wraps around the library, small enough to copy: sign-up and sign-in (the
// session token is this host's own), tutor onboarding, search, slots, booking and checkout, and
// the Midtrans and Xendit webhooks. Every route converts HTTP to the library's inputs, calls one
// facade method and converts its answer back; the library checks the actor and decides.
//
//   npm ci && npm install --no-save ../../../target/npm-release/packs/blajarplus-0.1.0.tgz \
//     ../../../target/npm-release/packs/blajarplus-linux-x64-gnu-0.1.0.tgz
//   MIDTRANS_SERVER_KEY=SB-Mid-server-demo XENDIT_CALLBACK_TOKEN=xnd-demo PORT=3000 node server.mjs
//
// Configuration (environment): BLAJARPLUS_DATABASE_URL (default: the SQLite file
// blajarplus-demo.db in the working folder; postgres://… for PostgreSQL), MIDTRANS_SERVER_KEY,
// XENDIT_CALLBACK_TOKEN, PORT (default 3000; 0 picks a free one), HOST (default 127.0.0.1).
// The HTTP API is described in docs/src/http-services.md; the Python service in ../python
// speaks the same one: snake_case JSON, money as decimal strings, instants as ISO 8601.
import { randomBytes } from 'node:crypto'

import express from 'express'
import { Marketplace } from 'blajarplus'

// ---------------------------------------------------------------------------------------------
// Errors: the library's code decides the HTTP status. One table, for every route.

const STATUS = {
  validation: 422, // a bad input; `field` names it, nothing was written
  not_found: 404, // also what another user's booking looks like, if the library says so
  forbidden: 403, // the actor may not do this (e.g. another student's booking)
  unauthenticated: 401, // wrong password, or no valid session token
  conflict: 409, // e.g. email taken, slot just booked; on a webhook: a concurrent update won,
  //                and any non-2xx makes the provider send it again
  invalid_transition: 409, // the booking cannot make that move now
  // A provider notification refused (forged signature or token, unknown order, other amount):
  // the sender's fault, so 4xx. The library gives one code for all of these on purpose.
  payment_rejected: 400,
  config: 500, // this host's mistake (e.g. no Midtrans server key configured)
  database: 503, // transient: 5xx makes a payment provider retry the notification later
  internal: 500,
}

/** The error a route answers with when the library did not raise it (e.g. no session). */
class HttpError extends Error {
  constructor(code, message) {
    super(message)
    this.code = code
  }
}

// ---------------------------------------------------------------------------------------------
// JSON. The binding speaks camelCase; the HTTP API speaks snake_case (the database's names, and
// the Python service's), so records go out through `wire` and errors name fields that way.
// Money is already a decimal string and instants `Date`s, which JSON writes as ISO 8601.

const snake = (name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

function wire(value) {
  if (Array.isArray(value)) return value.map(wire)
  if (value === null || typeof value !== 'object' || value instanceof Date) return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), wire(v)]))
}

/** An instant from JSON text; an invalid one becomes an invalid `Date`, which the library
 * refuses naming the field. */
const instant = (text) => (text === undefined ? undefined : new Date(text))

// ---------------------------------------------------------------------------------------------
// The marketplace: one per process, opened before listening.

const m = await Marketplace.open(process.env.BLAJARPLUS_DATABASE_URL ?? 'sqlite://blajarplus-demo.db', {
  midtransServerKey: process.env.MIDTRANS_SERVER_KEY,
  xenditCallbackToken: process.env.XENDIT_CALLBACK_TOKEN,
})
await seedDemoCatalog()

/** A fresh database gets a first admin and three subjects, so tutors have something to offer.
 * A real host fills its catalogue from an admin console instead. */
async function seedDemoCatalog() {
  if ((await m.catalog()).subjects.length > 0) return
  let admin
  try {
    admin = { userId: (await m.bootstrapAdmin('Demo Admin', 'admin@example.id')).id, role: 'admin' }
  } catch (err) {
    if (err.code === 'forbidden') return // an admin exists: the catalogue is theirs to fill
    throw err
  }
  const category = await m.createCategory(admin, 'Akademik')
  for (const name of ['Matematika', 'Bahasa Inggris', 'Fisika']) {
    await m.createSubject(admin, name, category.id)
  }
}

// ---------------------------------------------------------------------------------------------
// Sessions are the host's business: the library verifies the password at login and takes the
// actor on every call. Here a random bearer token maps to the actor in this process' memory —
// fine for one process; use your session store or signed tokens (JWT) when you run several.

const sessions = new Map()

function signedIn(req, res, next) {
  const [scheme, token] = (req.get('authorization') ?? '').split(' ')
  req.actor = scheme?.toLowerCase() === 'bearer' ? sessions.get(token) : undefined
  if (!req.actor) throw new HttpError('unauthenticated', 'sign in first: Authorization: Bearer <token>')
  next()
}

const app = express()

// ---------------------------------------------------------------------------------------------
// Payment webhooks, first: they take the raw body (the signature covers the exact text), so they
// must not go through the JSON parser below. The body bytes and the Xendit token header go to
// the library, which verifies, deduplicates and applies. Every outcome — applied, duplicate,
// ignored, refunded_late — is a 200: the provider stops sending. A refusal is an error, answered
// through STATUS above (payment_rejected → 400).

const raw = express.raw({ type: () => true })

app.post('/webhooks/midtrans', raw, async (req, res) => {
  res.json({ outcome: await m.handleMidtransNotification(req.body) })
})

app.post('/webhooks/xendit', raw, async (req, res) => {
  res.json({ outcome: await m.handleXenditCallback(req.body, req.get('x-callback-token')) })
})

app.use(express.json())

// ---------------------------------------------------------------------------------------------
// Accounts

app.post('/auth/register', async (req, res) => {
  const { role, full_name, email, phone, password } = req.body ?? {}
  res.status(201).json(wire(await m.registerUser({ role, fullName: full_name, email, phone, password })))
})

app.post('/auth/login', async (req, res) => {
  const { identifier, password } = req.body ?? {}
  const user = await m.login(identifier, password)
  const token = randomBytes(32).toString('base64url')
  sessions.set(token, { userId: user.id, role: user.role })
  res.json({ token, user: wire(user) })
})

app.get('/me', signedIn, async (req, res) => {
  res.json(wire(await m.me(req.actor)))
})

// ---------------------------------------------------------------------------------------------
// Catalogue and tutor onboarding (the signed-in tutor's own profile)

app.get('/catalog', async (req, res) => {
  res.json(wire(await m.catalog()))
})

app.post('/tutor/profile', signedIn, async (req, res) => {
  const b = req.body ?? {}
  const profile = await m.createTutorProfile(req.actor, {
    hourlyRate: b.hourly_rate,
    teachingModes: b.teaching_modes,
    headline: b.headline,
    bio: b.bio,
    baseCity: b.base_city,
    timezone: b.timezone, // IANA name; Asia/Jakarta when absent
  })
  res.status(201).json(wire(profile))
})

app.post('/tutor/subjects', signedIn, async (req, res) => {
  const b = req.body ?? {}
  const offering = await m.addTutorSubject(req.actor, {
    subjectId: b.subject_id,
    level: b.level,
    priceOverride: b.price_override,
    description: b.description,
  })
  res.status(201).json(wire(offering))
})

app.put('/tutor/availability', signedIn, async (req, res) => {
  // Wall-clock hours in the tutor's zone; day 0 = Sunday … 6 = Saturday.
  const rules = (Array.isArray(req.body) ? req.body : []).map((r) => ({
    dayOfWeek: r.day_of_week,
    startTime: r.start_time,
    endTime: r.end_time,
    slotDurationMinutes: r.slot_duration_minutes ?? 60,
  }))
  res.json(wire(await m.setWeeklyAvailability(req.actor, rules)))
})

app.post('/tutor/publish', signedIn, async (req, res) => {
  res.json(wire(await m.publishTutorProfile(req.actor)))
})

// ---------------------------------------------------------------------------------------------
// Finding a tutor (public). Query strings are text: numbers are converted here, and a value
// that is not one reaches the library as NaN, which it refuses naming the field.

const number = (text) => (text === undefined ? undefined : Number(text))

app.get('/tutors', async (req, res) => {
  const q = req.query
  const page = await m.searchTutors({
    text: q.text,
    subject: q.subject,
    level: q.level,
    city: q.city,
    mode: q.mode,
    minPrice: q.min_price,
    maxPrice: q.max_price,
    sort: q.sort,
    limit: number(q.limit),
    cursor: q.cursor,
  })
  res.json(wire(page))
})

app.get('/tutors/:id/slots', async (req, res) => {
  const from = instant(req.query.from) ?? new Date()
  const to = instant(req.query.to) ?? new Date(+from + 7 * 86_400_000)
  const minutes = number(req.query.duration_minutes) ?? 60
  res.json(wire(await m.availableSlots(req.params.id, from, to, minutes)))
})

// ---------------------------------------------------------------------------------------------
// Bookings. The library decides who may see or move a booking: another student's booking id
// gets the library's `forbidden` or `not_found`, never the booking.

app.post('/bookings', signedIn, async (req, res) => {
  const b = req.body ?? {}
  const booking = await m.createBooking(req.actor, {
    tutorSubjectId: b.tutor_subject_id,
    startAt: instant(b.start_at), // with its offset: "2030-01-07T09:00:00Z"
    durationMinutes: b.duration_minutes,
    mode: b.mode,
    meetingLink: b.meeting_link,
    notes: b.notes,
  })
  res.status(201).json(wire(booking))
})

app.get('/bookings/:id', signedIn, async (req, res) => {
  res.json(wire(await m.getBooking(req.actor, req.params.id)))
})

app.post('/bookings/:id/checkout', signedIn, async (req, res) => {
  // The payment's id is the order id to give Midtrans (Snap) or Xendit (an invoice's
  // external_id), with its amount; creating that transaction at the provider is the host's.
  res.json(wire(await m.checkout(req.actor, req.params.id, req.body?.provider)))
})

app.post('/bookings/:id/cancel', signedIn, async (req, res) => {
  res.json(wire(await m.cancelBooking(req.actor, req.params.id, req.body?.reason)))
})

// ---------------------------------------------------------------------------------------------
// Every error ends here (Express 5 passes a rejected handler's error on): the library's code,
// or ours, through STATUS; a body the JSON parser refused is a validation error too.

app.use((err, req, res, next) => {
  const code = err.type === 'entity.parse.failed' ? 'validation' : err.code
  const status = STATUS[code]
  if (status === undefined || status >= 500) console.error(err)
  if (status === undefined) return res.status(500).json({ code: 'internal', field: null, message: 'internal error' })
  res.status(status).json({ code, field: err.field ? snake(err.field) : null, message: err.message })
})

const server = app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address()
  console.log(`Blajarplus reference service listening on http://${address}:${port}`)
})

// Stop cleanly: finish the requests in flight, then close the database pool.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => server.close(() => m.close()))
}
