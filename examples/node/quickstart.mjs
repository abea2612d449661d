// Quickstart, in Node: the whole story of one lesson on the embedded SQLite database (nothing
// to install, nothing to configure) — a tutor sets up, a student finds a slot and books it, the
// Midtrans payment arrives, the lesson happens, the escrow is released, the ledger is audited.
// The same story as examples/quickstart.rs.
//
// Run it where the package is installed (`npm install blajarplus`), e.g.:
//   node quickstart.mjs
// bindings-node/test.sh runs it against the packed package.
import assert from 'node:assert/strict'
import { createHash, randomUUID } from 'node:crypto'

import { FixedClock, Marketplace, version } from 'blajarplus'

// The story runs on its own clock so that "after the lesson" comes without waiting.
const clock = new FixedClock(new Date())
// The Midtrans server key verifies notifications (a sandbox key here).
const serverKey = 'SB-Mid-server-quickstart'
const m = await Marketplace.open('sqlite::memory:', { midtransServerKey: serverKey, clock })
console.log(`Blajarplus ${version()} on ${m.backend}`)

// An admin sets up the catalogue.
const adminUser = await m.bootstrapAdmin('Admin Blajarplus', 'admin@blajarplus.id')
const admin = { userId: adminUser.id, role: 'admin' }
const akademik = await m.createCategory(admin, 'Akademik')
const math = await m.createSubject(admin, 'Matematika', akademik.id)

// A tutor: profile, subject, weekly hours (Mon–Fri 16:00–20:00 Jakarta), published.
const rina = await m.registerUser({
  role: 'tutor',
  fullName: 'Rina Wijaya',
  email: 'Rina.Wijaya@Example.id',
  phone: '0812-3456-7890',
})
const tutor = { userId: rina.id, role: 'tutor' }
await m.createTutorProfile(tutor, {
  headline: 'Guru Matematika SMA & persiapan UTBK',
  bio: 'Lulusan Matematika ITB, 6 tahun mengajar kalkulus dan aljabar.',
  teachingModes: ['online', 'offline'],
  baseCity: 'Jakarta',
  hourlyRate: '150000', // money is always a decimal string
})
const teaches = await m.addTutorSubject(tutor, {
  subjectId: math.id,
  level: 'sma',
  priceOverride: '175000',
  description: 'Kalkulus, aljabar, persiapan UTBK',
})
await m.setWeeklyAvailability(
  tutor,
  [1, 2, 3, 4, 5].map((dayOfWeek) => ({
    dayOfWeek,
    startTime: '16:00',
    endTime: '20:00',
    slotDurationMinutes: 60,
  })),
)
const profile = await m.publishTutorProfile(tutor)
console.log(
  `\nTutor    ${rina.fullName} <${rina.email}> ${rina.phone} · ${profile.currency} ` +
    `${profile.hourlyRate}/hour · Mon–Fri 16:00–20:00 ${profile.timezone}`,
)
console.log(`Teaches  ${math.name} (SMA) at IDR ${teaches.priceOverride}/hour`)

// A student looks at next week's slots and books the first one.
const budi = await m.registerUser({
  role: 'student',
  fullName: 'Budi Santoso',
  email: 'budi.santoso@example.id',
})
const student = { userId: budi.id, role: 'student' }
const now = m.now()
const slots = await m.availableSlots(profile.id, now, new Date(+now + 7 * 86_400_000), 60)
const jakarta = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Jakarta',
  weekday: 'short',
  day: '2-digit',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
})
console.log(`\nSlots    ${slots.length} free hours this week; first ones:`)
for (const s of slots.slice(0, 3)) {
  console.log(`         ${jakarta.format(s.start)} Jakarta (${s.start.toISOString().slice(11, 16)} UTC)`)
}
const draft = await m.createBooking(student, {
  tutorSubjectId: teaches.id,
  startAt: slots[0].start,
  durationMinutes: 60,
  mode: 'online',
  meetingLink: 'https://meet.example/rina-budi',
  notes: 'Bab limit dan turunan',
})
console.log(
  `\nBooking  ${draft.id} · ${draft.status} · price ${draft.price} · platform fee ` +
    `${draft.platformFee} · student pays ${draft.currency} ${draft.totalAmount}`,
)
const checkout = await m.checkout(student, draft.id, 'midtrans')
console.log(
  `Checkout ${checkout.booking.status} · payment ${checkout.payment.id} of ` +
    `${checkout.payment.currency} ${checkout.payment.amount} due by ` +
    `${checkout.payment.expiresAt.toISOString().slice(11, 16)} UTC`,
)

// Midtrans notifies us (the body is built and signed here as Midtrans would): a forged copy is
// refused, the real one is applied, and a second delivery changes nothing.
const orderId = checkout.payment.id
const grossAmount = `${checkout.payment.amount.split('.')[0]}.00`
const notification = (signature) =>
  JSON.stringify({
    transaction_status: 'settlement',
    status_code: '200',
    order_id: orderId,
    gross_amount: grossAmount,
    currency: 'IDR',
    payment_type: 'bank_transfer',
    transaction_id: randomUUID(),
    fraud_status: 'accept',
    signature_key: signature,
  })
const signed = createHash('sha512').update(`${orderId}200${grossAmount}${serverKey}`).digest('hex')
const refused = await m.handleMidtransNotification(notification('0'.repeat(128))).catch((e) => e)
console.log(`Midtrans forged notification → ${refused.code}: ${refused.message}`)
const body = notification(signed)
const first = await m.handleMidtransNotification(body)
const again = await m.handleMidtransNotification(body)
const booking = await m.getBooking(student, draft.id)
console.log(`Midtrans signed notification → ${first}, again → ${again}; booking ${booking.status}`)

// The lesson happens; the student confirms it; escrow is released.
clock.set(new Date(+booking.endAt + 5 * 60_000))
const done = await m.confirmLesson(student, booking.id)
console.log(`Lesson   ${done.status} at ${done.updatedAt.toISOString()}`)

const history = await m.bookingHistory(student, booking.id)
console.log(`History  ${history.map((h) => h.toStatus).join(' → ')}`)
const wallet = await m.myWallet(tutor)
console.log(`Tutor wallet balance: ${wallet.currency} ${wallet.balance}`)
const report = await m.verifyLedger()
console.log(
  `verifyLedger: ${report.movements} movements, ${report.entries} entries, held ${report.held} ` +
    `(escrow ${report.escrow}, platform ${report.platform}, wallets ${report.wallets}) → ` +
    (report.violations.length === 0 ? 'OK' : report.violations.join('; ')),
)
assert.equal(done.status, 'completed')
assert.deepEqual(report.violations, [])

// After the lesson: a review, a chat, and the tutor found by search.
const review = await m.writeReview(student, booking.id, { rating: 5, comment: 'Penjelasannya jelas!' })
const rated = await m.getTutorProfile(student, profile.id)
console.log(`\nReview   ${review.rating}★ → tutor rating ${rated.ratingAvg} (${rated.ratingCount})`)
const chat = await m.openConversation(student, budi.id, profile.id)
await m.sendMessage(student, chat.id, { messageType: 'text', content: 'Terima kasih, Bu!' })
await m.sendMessage(tutor, chat.id, { messageType: 'text', content: 'Sama-sama, Budi.' })
const inbox = await m.myConversations(student)
console.log(`Chat     ${inbox.unreadTotal} unread message(s) for the student`)
const found = await m.searchTutors({ text: 'matematika', sort: 'rating' })
for (const t of found.items) console.log(`Search   ${t.fullName} — ${t.ratingAvg}★ from ${t.currency} ${t.minPrice}`)
assert.equal(found.total, 1)
