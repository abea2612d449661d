// The facade's suites, defined once and run on each backend (sqlite.test.cjs,
// postgres.test.cjs): the whole lifecycle, then each error code raised by a real call, then bad
// input from JS. One marketplace per backend (an admin can only be bootstrapped once per
// database); every test makes its own tutor and student.
'use strict'

const { describe, test, before } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')

const { Marketplace, FixedClock } = require('../index.js')
const {
  DAY,
  MINUTE,
  START,
  XENDIT_TOKEN,
  draftBooking,
  midtransBody,
  openWorld,
  paidBooking,
  publishedTutor,
  rejectsWith,
  student,
  unique,
} = require('./story.cjs')

const MONEY = /^-?\d+(\.\d+)?$/

/** Registers the suites against the database `url()` (a function: read when they run). */
function defineSuites(backend, url) {
  let world
  before(async () => {
    world = await openWorld(url())
    assert.equal(world.m.backend, backend)
  })

  describe(`lifecycle on ${backend}`, () => {
    test('tutor, slots, booking, signed Midtrans payment, confirmation, escrow release', async () => {
      const { m, clock, admin } = world
      const teacher = await publishedTutor(world)
      assert.equal(teacher.profile.status, 'active')
      assert.equal(teacher.profile.hourlyRate, '150000')
      assert.equal(teacher.profile.timezone, 'Asia/Jakarta')
      assert.deepEqual(teacher.profile.teachingModes, ['online', 'offline'])
      assert.equal(teacher.teaches.priceOverride, '175000')
      assert.equal(teacher.teaches.level, 'sma')

      // Contacts are normalised by core and come back as such.
      const rina = await m.registerUser({
        role: 'tutor',
        fullName: 'Rina Dua',
        email: `  ${unique('Rina').email.toUpperCase()} `,
        phone: `0812-${crypto.randomInt(1000, 9999)}-${crypto.randomInt(1000, 9999)}`,
      })
      assert.match(rina.email, /^rina\.[0-9a-f]+@example\.id$/)
      assert.match(rina.phone, /^\+62812\d{8}$/)
      assert.equal(rina.avatarUrl, null)

      const budi = await student(world)
      const now = m.now()
      assert.ok(now instanceof Date)
      const slots = await m.availableSlots(teacher.profile.id, now, new Date(+now + 7 * DAY), 60)
      assert.ok(slots.length >= 5)
      for (const s of slots) {
        assert.ok(s.start instanceof Date && s.end instanceof Date)
        assert.equal(s.end - s.start, 60 * MINUTE)
        assert.ok(s.start.getUTCHours() >= 9 && s.end.getUTCHours() <= 13, s.start.toISOString())
      }

      const draft = await draftBooking(world, teacher, budi)
      assert.equal(draft.status, 'draft')
      assert.deepEqual(draft.startAt, slots[0].start)
      assert.equal(draft.price, '175000')
      for (const money of [draft.price, draft.platformFee, draft.totalAmount]) {
        assert.equal(typeof money, 'string')
        assert.match(money, MONEY)
      }
      assert.equal(draft.currency, 'IDR')
      assert.equal(draft.meetingLink, 'https://meet.example/rina-budi')

      const checkout = await m.checkout(budi.actor, draft.id, 'midtrans')
      assert.equal(checkout.booking.status, 'pending_payment')
      assert.equal(checkout.payment.status, 'pending')
      assert.equal(checkout.payment.bookingId, draft.id)
      assert.equal(checkout.payment.amount, draft.totalAmount)
      assert.ok(checkout.payment.expiresAt > m.now())

      // Midtrans: a forged copy is refused, the signed one applied once, its retry a duplicate.
      const forged = midtransBody(checkout.payment, { key: 'not-the-server-key' })
      await rejectsWith(m.handleMidtransNotification(forged), 'payment_rejected')
      const body = midtransBody(checkout.payment)
      assert.equal(await m.handleMidtransNotification(Buffer.from(body)), 'applied')
      assert.equal(await m.handleMidtransNotification(body), 'duplicate')
      const booking = await m.getBooking(budi.actor, draft.id)
      assert.equal(booking.status, 'confirmed')

      // Too early to confirm; after the lesson's end, the student confirms.
      await rejectsWith(m.confirmLesson(budi.actor, booking.id), 'invalid_transition')
      clock.set(new Date(+booking.endAt + 5 * MINUTE))
      assert.deepEqual(m.now(), new Date(+booking.endAt + 5 * MINUTE))
      const done = await m.confirmLesson(budi.actor, booking.id)
      assert.equal(done.status, 'completed')
      assert.deepEqual(done.updatedAt, m.now())

      const history = await m.bookingHistory(budi.actor, booking.id)
      assert.deepEqual(
        history.map((h) => h.toStatus),
        ['draft', 'pending_payment', 'confirmed', 'completed'],
      )
      assert.equal(history[0].fromStatus, null)

      // The escrow went to the tutor (price minus the platform's 15%) and the platform.
      const wallet = await m.myWallet(teacher.tutor)
      assert.equal(wallet.balance, '148750')
      assert.equal(wallet.userId, teacher.user.id)
      const report = await m.verifyLedger()
      assert.deepEqual(report.violations, [])
      assert.ok(report.movements >= 2 && report.entries >= 5)
      for (const money of [report.held, report.escrow, report.platform, report.wallets]) {
        assert.match(money, MONEY)
      }

      // The tutor withdraws part of it; an admin pays it out.
      const request = await m.requestWithdrawal(teacher.tutor, '100000.50')
      assert.equal(request.status, 'requested')
      assert.equal(request.amount, '100000.50')
      await rejectsWith(m.requestWithdrawal(teacher.tutor, '50000'), 'validation', 'amount')
      const paid = await m.markWithdrawalPaid(admin, request.id, 'BCA-123')
      assert.equal(paid.status, 'paid')
      assert.equal(paid.referenceId, 'BCA-123')
      assert.equal((await m.myWallet(teacher.tutor)).balance, '48749.5')
      assert.deepEqual((await m.verifyLedger()).violations, [])

      const mine = await m.myBookings(budi.actor, START, new Date(+m.now() + DAY))
      assert.deepEqual(
        mine.map((b) => b.id),
        [booking.id],
      )
      assert.equal((await m.me(budi.actor)).id, budi.user.id)
    })

    test('after the lesson: review, chat, progress log, favorite, search, notifications, outbox', async () => {
      const { m, clock } = world
      const teacher = await publishedTutor(world)
      const budi = await student(world)
      const booking = await paidBooking(world, teacher, budi)
      clock.set(new Date(+booking.endAt + 5 * MINUTE))
      await m.confirmLesson(budi.actor, booking.id)

      const review = await m.writeReview(budi.actor, booking.id, { rating: 5, comment: 'Jelas!' })
      assert.equal(review.rating, 5)
      const rated = await m.getTutorProfile(budi.actor, teacher.profile.id)
      assert.equal(rated.ratingAvg, '5')
      assert.equal(rated.ratingCount, 1)
      const reviews = await m.tutorReviews(teacher.profile.id, null, 10)
      assert.deepEqual(reviews.map((r) => r.id), [review.id])

      const chat = await m.openConversation(budi.actor, budi.user.id, teacher.profile.id)
      const first = await m.sendMessage(budi.actor, chat.id, { messageType: 'text', content: 'Terima kasih!' })
      const reply = await m.sendMessage(teacher.tutor, chat.id, { messageType: 'text', content: 'Sama-sama' })
      const inbox = await m.myConversations(budi.actor)
      assert.equal(inbox.unreadTotal, 1)
      assert.equal(inbox.conversations[0].conversation.id, chat.id)
      const history = await m.messageHistory(budi.actor, chat.id, null, 10)
      assert.deepEqual(history.map((x) => x.id), [reply.id, first.id])
      const older = await m.messageHistory(budi.actor, chat.id, { createdAt: reply.createdAt, id: reply.id }, 10)
      assert.deepEqual(older.map((x) => x.id), [first.id])
      assert.equal(await m.markConversationRead(budi.actor, chat.id, reply.id), 1)
      assert.equal((await m.myConversations(budi.actor)).unreadTotal, 0)

      const log = await m.writeProgressLog(teacher.tutor, booking.id, { summary: 'Turunan' })
      assert.deepEqual((await m.progressLogs(budi.actor, budi.user.id)).map((l) => l.id), [log.id])
      await m.addFavorite(budi.actor, teacher.profile.id)
      const favorites = await m.myFavorites(budi.actor)
      assert.deepEqual(favorites.map((f) => f.tutorProfileId), [teacher.profile.id])
      assert.equal(await m.removeFavorite(budi.actor, teacher.profile.id), true)

      const found = await m.searchTutors({ subject: teacher.subject.slug, verifiedOnly: false, sort: 'rating' })
      assert.equal(found.total, 1)
      assert.equal(found.totalExact, true) // a small result: exact (core counts exactly up to 1,000)
      assert.equal(found.items[0].tutorProfileId, teacher.profile.id)
      assert.equal(found.items[0].minPrice, '175000')
      // Free text over the headline (accents and case folded), narrowed to this tutor's subject.
      // verifiedOnly and sort may be left out (core's defaults: false, relevance).
      const byText = await m.searchTutors({ text: 'GURU utbk', subject: teacher.subject.slug })
      assert.deepEqual(byText.items.map((t) => t.tutorProfileId), [teacher.profile.id])
      const noMatch = await m.searchTutors({ text: 'biologi', subject: teacher.subject.slug })
      assert.equal(noMatch.total, 0)
      await rejectsWith(m.searchTutors({ minRating: '5.5', sort: 'rating' }), 'validation', 'minRating')

      const notes = await m.listNotifications(budi.actor, null, 50)
      const kinds = new Set(notes.map((n) => n.kind))
      assert.ok(kinds.has('payment_received') && kinds.has('new_message'), [...kinds].join())
      assert.equal(await m.unreadNotificationCount(budi.actor), notes.length)
      assert.equal(await m.markNotificationRead(budi.actor, notes[0].id), true)
      assert.equal(await m.markAllNotificationsRead(budi.actor), notes.length - 1)
      const events = await m.claimOutbox(100, 60)
      assert.ok(events.length > 0 && events.every((e) => e.topic.startsWith('notification.')))
      assert.ok(await m.ackOutbox(events.map((e) => e.id)) > 0)
      assert.deepEqual((await m.verifyLedger()).violations, [])
    })

    test('accounts, addresses, verification, moderation', async () => {
      const { m, admin } = world
      const teacher = await publishedTutor(world)
      const dewi = await student(world, 'Dewi Lestari')
      await m.changePassword(dewi.actor, null, 'rahasia-dewi')
      assert.equal((await m.login(dewi.user.email, 'rahasia-dewi')).id, dewi.user.id)
      await rejectsWith(m.changePassword(dewi.actor, 'salah-salah', 'rahasia-baru'), 'unauthenticated')
      await m.changePassword(dewi.actor, 'rahasia-dewi', 'rahasia-baru')
      await rejectsWith(m.login(dewi.user.email, 'rahasia-dewi'), 'unauthenticated')
      assert.equal((await m.login(dewi.user.email, 'rahasia-baru')).id, dewi.user.id)
      const edited = await m.updateProfile(dewi.actor, { fullName: 'Dewi L.', phone: '0813 1111 2222' })
      assert.equal(edited.fullName, 'Dewi L.')
      const home = await m.addAddress(dewi.actor, { city: 'Bandung', lat: '-6.9', lng: '107.6', isPrimary: true })
      const office = await m.addAddress(dewi.actor, { city: 'Jakarta', isPrimary: true })
      assert.deepEqual((await m.listAddresses(dewi.actor)).map((a) => a.id), [office.id, home.id])
      await m.setPrimaryAddress(dewi.actor, home.id)
      await m.deleteAddress(dewi.actor, office.id)
      assert.deepEqual((await m.listAddresses(dewi.actor)).map((a) => a.id), [home.id])

      const ktp = await m.submitDocument(teacher.tutor, 'ktp', 'https://files.example/ktp.jpg')
      const diploma = await m.submitDocument(teacher.tutor, 'diploma', 'https://files.example/ijazah.pdf')
      await m.reviewDocument(admin, ktp.id, true, null)
      await m.reviewDocument(admin, diploma.id, true, 'OK')
      assert.equal((await m.getTutorProfile(admin, teacher.profile.id)).isVerified, true)
      assert.equal((await m.listDocuments(teacher.tutor, teacher.profile.id)).length, 2)
      assert.ok((await m.catalog()).subjects.some((x) => x.id === teacher.subject.id))

      const report = await m.report(dewi.actor, { targetType: 'tutor_profile', targetId: teacher.profile.id, reason: 'fraud' })
      assert.ok((await m.listReports(admin, 'open')).some((r) => r.id === report.id))
      assert.equal((await m.handleReport(admin, report.id, 'resolved')).handledBy, admin.userId)
      assert.equal((await m.banTutor(admin, teacher.profile.id, 'fraud confirmed')).status, 'banned')
      assert.equal((await m.setUserStatus(admin, dewi.user.id, 'suspended')).status, 'suspended')
      await rejectsWith(m.me(dewi.actor), 'forbidden')
    })

    test('cancel, reschedule, no-show, dispute and its resolution, run_due', async () => {
      const { m, clock, admin } = world
      const teacher = await publishedTutor(world)
      const budi = await student(world)

      // A draft cancelled by its student.
      const draft = await draftBooking(world, teacher, budi)
      const cancelled = await m.cancelBooking(budi.actor, draft.id, 'changed my mind')
      assert.equal(cancelled.status, 'cancelled')
      assert.equal(cancelled.cancelledBy, 'student')

      // A paid booking moved by the tutor, accepted by the student.
      const booking = await paidBooking(world, teacher, budi)
      const later = new Date(+booking.startAt + DAY)
      const asked = await m.requestReschedule(teacher.tutor, booking.id, later)
      assert.equal(asked.status, 'reschedule_requested')
      const moved = await m.respondReschedule(budi.actor, booking.id, true)
      assert.equal(moved.status, 'confirmed')
      assert.deepEqual(moved.startAt, later)

      // The student does not come; they dispute the report; an admin splits.
      clock.set(new Date(+moved.startAt + 15 * MINUTE))
      assert.equal((await m.reportNoShow(teacher.tutor, booking.id)).status, 'no_show')
      const disputed = await m.disputeBooking(budi.actor, booking.id, 'I was there')
      assert.equal(disputed.status, 'disputed')
      const resolved = await m.resolveDispute(
        admin,
        booking.id,
        { kind: 'split', refund: '50000' },
        'half and half',
      )
      assert.equal(resolved.status, 'completed')
      assert.deepEqual((await m.verifyLedger()).violations, [])

      // An unpaid checkout expires when its payment does.
      const unpaid = await draftBooking(world, teacher, budi)
      await m.checkout(budi.actor, unpaid.id, 'xendit')
      clock.advance(31 * MINUTE)
      const due = await m.runDue()
      assert.ok(due.expired >= 1, JSON.stringify(due))
      for (const n of Object.values(due)) assert.equal(typeof n, 'number')
      assert.equal((await m.getBooking(budi.actor, unpaid.id)).status, 'cancelled')
    })

    test('time-offs and date overrides shape the slots', async () => {
      const { m } = world
      const teacher = await publishedTutor(world)
      const now = m.now()
      const week = new Date(+now + 7 * DAY)
      const before = await m.availableSlots(teacher.profile.id, now, week, 60)
      const first = before[0]
      const off = await m.addTimeOff(teacher.tutor, first.start, first.end, 'dentist')
      assert.deepEqual([off.startAt, off.endAt, off.reason], [first.start, first.end, 'dentist'])
      const after = await m.availableSlots(teacher.profile.id, now, week, 60)
      assert.ok(!after.some((s) => +s.start === +first.start))

      // Close the last slot's (Jakarta) date; then open it 09:00–10:00 only.
      const last = after[after.length - 1]
      const date = new Date(+last.start + 7 * 3600_000).toISOString().slice(0, 10)
      const closed = await m.setDateOverride(teacher.tutor, date, [])
      assert.deepEqual(
        closed.map((o) => [o.date, o.startTime, o.endTime]),
        [[date, null, null]],
      )
      const open = await m.setDateOverride(teacher.tutor, date, [
        { startTime: '09:00', endTime: '10:00' },
      ])
      assert.deepEqual(
        open.map((o) => [o.startTime, o.endTime]),
        [['09:00:00', '10:00:00']],
      )
      const slots = await m.availableSlots(teacher.profile.id, now, week, 60)
      const onDate = slots.filter(
        (s) => new Date(+s.start + 7 * 3600_000).toISOString().slice(0, 10) === date,
      )
      assert.deepEqual(
        onDate.map((s) => s.start.toISOString()),
        [`${date}T02:00:00.000Z`],
      )
    })

    test('lesson packages: offer, buy with a signed Midtrans payment, book a session', async () => {
      const { m } = world
      const teacher = await publishedTutor(world)
      const budi = await student(world)
      const pkg = await m.createPackage(teacher.tutor, {
        name: 'UTBK intensif',
        tutorSubjectId: teacher.teaches.id,
        sessionCount: 4,
        sessionMinutes: 60,
        totalPrice: '600000',
        validDays: 30,
      })
      assert.equal(pkg.totalPrice, '600000')
      assert.equal(pkg.isActive, true)
      const listed = await m.listPackages(budi.actor, teacher.profile.id)
      assert.deepEqual(
        listed.map((p) => p.id),
        [pkg.id],
      )
      const { purchase, payment } = await m.buyPackage(budi.actor, pkg.id, 'midtrans')
      assert.equal(purchase.status, 'pending_payment')
      assert.equal(payment.bookingId, null)
      assert.equal(payment.packagePurchaseId, purchase.id)
      assert.equal(await m.handleMidtransNotification(midtransBody(payment)), 'applied')
      const [active] = await m.myPurchases(budi.actor)
      assert.equal(active.status, 'active')
      assert.ok(active.expiresAt instanceof Date)

      const draft = await draftBooking(world, teacher, budi)
      const booked = await m.bookWithPackage(budi.actor, draft.id, purchase.id)
      assert.equal(booked.status, 'confirmed')
      assert.equal((await m.myPurchases(budi.actor))[0].sessionsRemaining, 3)
      assert.equal((await m.setPackageActive(teacher.tutor, pkg.id, false)).isActive, false)
      assert.deepEqual((await m.verifyLedger()).violations, [])
    })

    test('manual payments, admins, Xendit callbacks', async () => {
      const { m, admin } = world
      const teacher = await publishedTutor(world)
      const budi = await student(world)
      const draft = await draftBooking(world, teacher, budi)
      const { payment } = await m.checkout(budi.actor, draft.id, 'manual')
      assert.equal(payment.provider, 'manual')
      assert.equal(await m.confirmManualPayment(admin, payment.id), 'applied')
      assert.equal((await m.getBooking(admin, draft.id)).status, 'confirmed')

      const other = await m.createAdmin(admin, 'Second Admin', unique('Second Admin').email)
      assert.equal(other.role, 'admin')

      const xendit = await draftBooking(world, teacher, budi)
      const { payment: invoice } = await m.checkout(budi.actor, xendit.id, 'xendit')
      const callback = JSON.stringify({
        id: `inv-${invoice.id}`,
        external_id: invoice.id,
        status: 'PAID',
        amount: Number(invoice.amount),
        currency: 'IDR',
        payment_method: 'BANK_TRANSFER',
      })
      await rejectsWith(m.handleXenditCallback(callback, 'wrong-token'), 'payment_rejected')
      assert.equal(await m.handleXenditCallback(callback, XENDIT_TOKEN), 'applied')
      assert.equal((await m.getBooking(budi.actor, xendit.id)).status, 'confirmed')

      // A host that verified a notification itself applies it as is.
      const third = await draftBooking(world, teacher, budi)
      const { payment: p3 } = await m.checkout(budi.actor, third.id, 'midtrans')
      const update = {
        provider: 'midtrans',
        orderId: p3.id,
        externalId: 'mid-1',
        status: 'paid',
        amount: p3.amount,
        currency: 'IDR',
        paymentMethod: 'gopay',
        dedupKey: `midtrans:mid-1:paid`,
        rawPayload: { verified: true, nested: [1, 'two'] },
      }
      assert.equal(await m.applyPaymentUpdate(update), 'applied')
      const confirmed = await m.getBooking(budi.actor, third.id)
      assert.equal(confirmed.status, 'confirmed')
      assert.equal(await m.applyPaymentUpdate(update), 'duplicate')

      const request = await m.requestWithdrawal(teacher.tutor, '0.01').catch((e) => e)
      assert.equal(request.code, 'validation') // nothing earned yet
    })
  })

  describe(`every error code from a real call on ${backend}`, () => {
    test('not_found', async () => {
      const { m, admin } = world
      await rejectsWith(m.getBooking(admin, crypto.randomUUID()), 'not_found')
      await rejectsWith(
        m.availableSlots(crypto.randomUUID(), m.now(), new Date(+m.now() + DAY), 60),
        'not_found',
      )
    })

    test('validation, with its field', async () => {
      const { m } = world
      await rejectsWith(
        m.registerUser({ role: 'student', fullName: 'X', email: 'not-an-email' }),
        'validation',
        'email',
      )
      await rejectsWith(
        m.registerUser({ role: 'admin', fullName: 'X', email: unique('X').email }),
        'validation',
        'role',
      )
      const teacher = await publishedTutor(world)
      // Core's snake_case field, camelCased as JS spells the input, in `field` and message.
      await assert.rejects(
        m.availableSlots(teacher.profile.id, m.now(), new Date(+m.now() + DAY), 5),
        { code: 'validation', field: 'durationMinutes', message: /^invalid durationMinutes: / },
      )
      await rejectsWith(
        m.createTutorProfile(teacher.tutor, { teachingModes: ['online'], hourlyRate: '-1' }),
        'validation',
      )
    })

    test('conflict', async () => {
      const { m } = world
      const contact = unique('Citra')
      await m.registerUser({ role: 'student', ...contact })
      await rejectsWith(m.registerUser({ role: 'tutor', ...contact }), 'conflict')
    })

    test('invalid_transition', async () => {
      const { m } = world
      const teacher = await publishedTutor(world)
      const budi = await student(world)
      const draft = await draftBooking(world, teacher, budi)
      await m.checkout(budi.actor, draft.id, 'midtrans')
      await rejectsWith(m.checkout(budi.actor, draft.id, 'midtrans'), 'invalid_transition')
    })

    test('forbidden', async () => {
      const { m } = world
      const budi = await student(world)
      await rejectsWith(m.createCategory(budi.actor, 'Not mine'), 'forbidden')
      await rejectsWith(m.bootstrapAdmin('Another', unique('Another').email), 'forbidden')
      await rejectsWith(m.me({ userId: budi.user.id, role: 'tutor' }), 'forbidden')
    })

    test('unauthenticated', async () => {
      const { m } = world
      const contact = unique('Dewi')
      await m.registerUser({ role: 'student', ...contact, password: 'rahasia-dewi' })
      const signed = await m.login(contact.email, 'rahasia-dewi')
      assert.equal(signed.email, contact.email)
      assert.ok(signed.lastLoginAt instanceof Date)
      assert.equal('passwordHash' in signed, false)
      await rejectsWith(m.login(contact.email, 'salah-salah'), 'unauthenticated')
      await rejectsWith(m.login(unique('Nobody').email, 'rahasia-dewi'), 'unauthenticated')
    })

    test('payment_rejected', async () => {
      const { m } = world
      const fake = { id: crypto.randomUUID(), amount: '175000' }
      await rejectsWith(m.handleMidtransNotification(midtransBody(fake)), 'payment_rejected')
      await rejectsWith(m.handleMidtransNotification('{not json'), 'payment_rejected')
    })

    test('config', async () => {
      await rejectsWith(Marketplace.open('mysql://localhost/nope'), 'config')
      const bare = await Marketplace.open(url())
      await rejectsWith(bare.handleXenditCallback('{}', 'token'), 'config')
      await rejectsWith(bare.handleMidtransNotification('{}'), 'config')
    })

    test('internal: a panic rejects the Promise, the process lives on', async () => {
      const binding = require('../index.js')
      await rejectsWith(binding._panicAsync('boom in core'), 'internal')
      await assert.rejects(binding._panicAsync('boom again'), /panic in blajarplus: boom again/)
      assert.throws(() => binding._panic('boom in sync code'), /boom in sync code/)
      await binding._panicAsync('') // and the runtime still works
      assert.ok((await world.m.verifyLedger()).violations)
    })
  })

  describe(`bad input from JS on ${backend}`, () => {
    /** A rejection with code `validation`, `field` and a message starting with `path`. */
    async function invalidArg(promise, field, path = field, kind = TypeError) {
      await assert.rejects(promise, (err) => {
        assert.ok(err instanceof kind, `${err.constructor.name}: ${err.message}`)
        assert.equal(err.code, 'validation', err.message)
        assert.equal(err.field, field, err.message)
        assert.ok(err.message.startsWith(`${path}: `), err.message)
        return true
      })
    }

    test('malformed UUIDs, decimals, times and dates', async () => {
      const { m, admin } = world
      await invalidArg(m.getBooking(admin, 'not-a-uuid'), 'bookingId')
      await invalidArg(m.me({ userId: '123', role: 'admin' }), 'userId', 'actor.userId')
      const tutor = await m.registerUser({ role: 'tutor', ...unique('Dewi') })
      const actor = { userId: tutor.id, role: 'tutor' }
      for (const hourlyRate of ['1e5', '150,000', ' 150000', '', 'NaN', '0x10', 'Infinity', '1e30']) {
        await invalidArg(
          m.createTutorProfile(actor, { teachingModes: ['online'], hourlyRate }),
          'hourlyRate',
          'profile.hourlyRate',
        )
      }
      await invalidArg(
        m.setWeeklyAvailability(actor, [
          { dayOfWeek: 1, startTime: '16:00', endTime: '20:00', slotDurationMinutes: 60 },
          { dayOfWeek: 2, startTime: '25:00', endTime: '20:00', slotDurationMinutes: 60 },
        ]),
        'startTime',
        'rules[1].startTime',
      )
      await invalidArg(m.setDateOverride(actor, '2030-02-30', []), 'date')
      await invalidArg(
        m.availableSlots(crypto.randomUUID(), new Date('garbage'), new Date(), 60),
        'from',
        'from',
        RangeError,
      )
      await invalidArg(
        m.resolveDispute(admin, crypto.randomUUID(), { kind: 'split' }),
        'refund',
        'resolution.refund',
      )
      // Nothing was written by the refused calls.
      await rejectsWith(m.publishTutorProfile(actor), 'not_found')
    })

    test('wrong JS types, missing values and unknown enum strings reject, never throw', async () => {
      const { m, admin } = world
      const cases = [
        [() => m.requestWithdrawal(admin, 100000), 'amount', 'amount'],
        [() => m.getBooking(admin, 12345), 'bookingId', 'bookingId'],
        [() => m.getBooking(admin, null), 'bookingId', 'bookingId'],
        [() => m.me({ userId: admin.userId, role: 'wizard' }), 'role', 'actor.role'],
        [() => m.me({ userId: admin.userId }), 'role', 'actor.role'],
        [() => m.me(null), 'actor', 'actor'],
        [() => m.me(), 'actor', 'actor'],
        [() => m.registerUser(null), 'user', 'user'],
        [() => m.checkout(admin, crypto.randomUUID(), 'paypal'), 'provider', 'provider'],
        [() => m.availableSlots(crypto.randomUUID(), '2030-01-01', new Date(), 60), 'from', 'from'],
        [() => m.availableSlots(crypto.randomUUID(), 1893456000000, new Date(), 60), 'from', 'from'],
        [() => m.availableSlots(crypto.randomUUID(), null, new Date(), 60), 'from', 'from'],
        [() => m.setWeeklyAvailability(admin, 'every day'), 'rules', 'rules'],
        [() => m.createTutorProfile(admin, { teachingModes: ['online'], hourlyRate: 150000 }), 'hourlyRate', 'profile.hourlyRate'],
        [() => m.createTutorProfile(admin, { teachingModes: ['online'] }), 'hourlyRate', 'profile.hourlyRate'],
        [() => m.createTutorProfile(admin, { teachingModes: ['online', 'tv'], hourlyRate: '1' }), 'teachingModes', 'profile.teachingModes[1]'],
        [() => m.createBooking(admin, { tutorSubjectId: crypto.randomUUID(), startAt: new Date(), durationMinutes: '60', mode: 'online' }), 'durationMinutes', 'booking.durationMinutes'],
        [() => m.handleMidtransNotification({}), 'body', 'body'],
        // A getter that throws: its exception does not escape, the Promise rejects.
        [() => m.me(new Proxy({}, { get() { throw new Error('boom') } })), 'userId', 'actor.userId'],
        [() => m.me({ get userId() { throw new Error('boom') }, role: 'admin' }), 'userId', 'actor.userId'],
      ]
      for (const [call, field, path] of cases) {
        let promise
        assert.doesNotThrow(() => {
          promise = call()
        }, `${path}: threw instead of rejecting`)
        assert.ok(promise instanceof Promise, path)
        let handled = false
        await promise.catch((err) => {
          handled = true
          assert.ok(err instanceof TypeError, `${path}: ${err.constructor.name} ${err.message}`)
          assert.equal(err.code, 'validation', `${path}: ${err.message}`)
          assert.equal(err.field, field, `${path}: ${err.message}`)
          assert.ok(err.message.startsWith(`${path}: `), err.message)
        })
        assert.ok(handled, `${path}: resolved`)
      }
      assert.equal((await m.me(admin)).role, 'admin')
    })

    test('fractional, non-finite and out-of-range integers are refused, never truncated', async () => {
      const { m } = world
      const teacher = await publishedTutor(world)
      const budi = await student(world)
      const now = m.now()
      const slots = await m.availableSlots(teacher.profile.id, now, new Date(+now + 7 * DAY), 60)
      const wanted = (durationMinutes) => ({
        tutorSubjectId: teacher.teaches.id,
        startAt: slots[0].start,
        durationMinutes,
        mode: 'online',
      })
      for (const bad of [60.5, NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53), 1e300]) {
        await invalidArg(
          m.createBooking(budi.actor, wanted(bad)),
          'durationMinutes',
          'booking.durationMinutes',
          RangeError,
        )
      }
      // Nothing written: the student has no booking, and 60 books the slot exactly.
      assert.deepEqual(await m.myBookings(budi.actor, START, new Date(+now + 30 * DAY)), [])
      const booked = await m.createBooking(budi.actor, wanted(60))
      assert.equal(booked.durationMinutes, 60)

      // 32-bit fields: a rating of 2^31 is out of range, not wrapped.
      await invalidArg(m.writeReview(budi.actor, booked.id, { rating: 2 ** 31 }), 'rating', 'review.rating', RangeError)
      await invalidArg(m.writeReview(budi.actor, booked.id, { rating: 4.5 }), 'rating', 'review.rating', RangeError)
      await invalidArg(m.searchTutors({ limit: -1 }), 'limit', 'query.limit', RangeError)
      await invalidArg(m.claimOutbox(10.5, 60), 'limit', 'limit', RangeError)
      await invalidArg(m.claimOutbox(10, NaN), 'leaseSeconds', 'leaseSeconds', RangeError)
      await invalidArg(m.searchTutors({ near: { lat: NaN, lng: 0 } }), 'lat', 'query.near.lat', RangeError)
    })

    test('policy options change core policy; malformed ones are refused', async () => {
      const policy = { minLessonMinutes: 45, platformFeeRate: '0.20', refundToOriginalMethod: false }
      const strict = await Marketplace.open(url(), { clock: world.clock, policy })
      const from = strict.now()
      await rejectsWith(
        strict.availableSlots(crypto.randomUUID(), from, new Date(+from + DAY), 30),
        'validation',
        'durationMinutes',
      )
      await rejectsWith(
        strict.availableSlots(crypto.randomUUID(), from, new Date(+from + DAY), 45),
        'not_found',
      )
      await strict.close()
      await invalidArg(
        Marketplace.open(url(), { policy: { platformFeeRate: '20%' } }),
        'platformFeeRate',
        'options.policy.platformFeeRate',
      )
      await invalidArg(
        Marketplace.open(url(), { policy: { paymentExpiryMinutes: 30.5 } }),
        'paymentExpiryMinutes',
        'options.policy.paymentExpiryMinutes',
        RangeError,
      )
      await invalidArg(
        Marketplace.open(url(), { policy: { paymentExpiryMinutes: 2 ** 52 } }),
        'paymentExpiryMinutes',
        'options.policy.paymentExpiryMinutes',
        RangeError,
      )
      // Not a FixedClock: refused before anything is unwrapped.
      await invalidArg(Marketplace.open(url(), { clock: world.m }), 'clock', 'options.clock')
      await invalidArg(Marketplace.open(url(), { clock: { now: () => new Date() } }), 'clock', 'options.clock')
      // A Marketplace dressed up as a FixedClock: its type tag gives it away.
      const spoof = await Marketplace.open(url())
      Object.setPrototypeOf(spoof, FixedClock.prototype)
      assert.ok(spoof instanceof FixedClock)
      await invalidArg(Marketplace.open(url(), { clock: spoof }), 'clock', 'options.clock')
      await invalidArg(Marketplace.open(42), 'url')
    })

    test('FixedClock refuses an invalid Date and a fractional step (sync: it throws)', () => {
      assert.throws(() => new FixedClock(new Date('nope')), { code: 'validation', field: 'at', name: 'RangeError' })
      assert.throws(() => new FixedClock('2030-01-01'), { code: 'validation', field: 'at', name: 'TypeError' })
      const clock = new FixedClock(START)
      assert.throws(() => clock.set(new Date(NaN)), { code: 'validation', field: 'at' })
      assert.throws(() => clock.advance(1.5), { code: 'validation', field: 'milliseconds' })
      assert.throws(() => clock.advance(Number.MAX_SAFE_INTEGER), { code: 'validation', field: 'milliseconds' })
      assert.deepEqual(clock.now(), START)
      clock.advance(90 * MINUTE)
      assert.deepEqual(clock.now(), new Date(+START + 90 * MINUTE))
    })
  })

  describe(`close() on ${backend}`, () => {
    test('closes the pool; later calls reject with config; closing again is a no-op', async () => {
      const m = await Marketplace.open(url(), { clock: world.clock })
      const user = await m.registerUser({ role: 'student', ...unique('Closing') })
      const admin = { userId: user.id, role: 'student' }
      assert.equal((await m.me(admin)).id, user.id)
      const closing = m.close()
      assert.ok(closing instanceof Promise)
      assert.equal(await closing, undefined)
      for (const call of [() => m.me(admin), () => m.catalog(), () => m.verifyLedger(), () => m.getBooking(admin, crypto.randomUUID())]) {
        await assert.rejects(call(), (err) => {
          assert.ok(err instanceof Error)
          assert.equal(err.code, 'config', err.message)
          assert.match(err.message, /closed/)
          return true
        })
      }
      await m.close()
      // No database needed: these keep working.
      assert.deepEqual(m.now(), world.clock.now())
      assert.equal(m.backend, backend)
      // Another marketplace is unaffected.
      assert.equal((await world.m.me(world.admin)).role, 'admin')
    })
  })
}

module.exports = { defineSuites }
