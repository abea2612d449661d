package blajarplus

import java.math.BigDecimal
import java.nio.file.Path
import java.security.MessageDigest
import java.time.Duration
import java.time.Instant
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** Midtrans' `signature_key`: SHA-512 of order id, status code, gross amount and server key. */
fun signMidtrans(orderId: String, statusCode: String, grossAmount: String, serverKey: String): String =
    MessageDigest.getInstance("SHA-512")
        .digest((orderId + statusCode + grossAmount + serverKey).toByteArray())
        .joinToString("") { "%02x".format(it) }

/** A settlement notification as Midtrans posts it. */
fun midtransSettlement(orderId: String, grossAmount: String, signature: String): ByteArray = """
    {"transaction_status":"settlement","status_code":"200","order_id":"$orderId",
     "gross_amount":"$grossAmount","currency":"IDR","payment_type":"bank_transfer",
     "transaction_id":"9aed5972-5b6a-401e-894b-a32c91ed1a3a","fraud_status":"accept",
     "signature_key":"$signature"}
""".trimIndent().toByteArray()

/** Runs `block` and returns the exception of type [T] it throws (fails otherwise). */
suspend inline fun <reified T : Throwable> assertThrowsSuspend(block: () -> Unit): T {
    try {
        block()
    } catch (e: Throwable) {
        if (e is T) return e
        fail<Unit>("expected ${T::class.simpleName}, got $e")
    }
    fail<Unit>("expected ${T::class.simpleName}, nothing was thrown")
    throw IllegalStateException("unreachable")
}

fun dec(s: String) = BigDecimal(s)

/** Asserts two decimal strings are the same number (`"175000"` == `"175000.00"`). */
fun assertAmount(expected: String, actual: String) =
    assertEquals(0, dec(expected).compareTo(dec(actual)), "expected $expected, got $actual")

/**
 * The quickstart's world, on an SQLite file in `dir` (or the database at `databaseUrl`): an admin, a
 * catalogue, a published tutor, a student.
 */
class World(dir: Path?, policy: Policy? = null, databaseUrl: String? = null) {
    // Monday 2030-01-07 00:00 UTC; the tutor teaches Mon–Fri 16:00–20:00 Jakarta (09:00–13:00 UTC).
    val start: Instant = Instant.parse("2030-01-07T00:00:00Z")
    val clock = FixedClock(start)
    val serverKey = "SB-Mid-server-kotlin"
    val url = databaseUrl ?: ("sqlite://" + dir!!.resolve("blajarplus.db").toAbsolutePath())
    val m: Marketplace
    lateinit var admin: Actor
    lateinit var tutor: Actor
    lateinit var student: Actor
    lateinit var profile: TutorProfile
    lateinit var teaches: TutorSubject

    init {
        m = runBlocking {
            Marketplace.open(url, MarketplaceOptions(clock = clock, midtransServerKey = serverKey, policy = policy))
        }
    }

    suspend fun setUp(): World {
        admin = Actor(m.bootstrapAdmin("Admin Blajarplus", "admin@blajarplus.id").id, Role.ADMIN)
        val akademik = m.createCategory(admin, "Akademik")
        val math = m.createSubject(admin, "Matematika", akademik.id)
        val rina = m.registerUser(
            NewUser(Role.TUTOR, "Rina Wijaya", email = "Rina.Wijaya@Example.id", phone = "0812-3456-7890"),
        )
        assertEquals("rina.wijaya@example.id", rina.email)
        assertEquals("+6281234567890", rina.phone)
        tutor = Actor(rina.id, Role.TUTOR)
        val draft = m.createTutorProfile(
            tutor,
            NewTutorProfile(
                headline = "Guru Matematika SMA & persiapan UTBK",
                teachingModes = listOf(TeachingMode.ONLINE, TeachingMode.OFFLINE),
                baseCity = "Jakarta",
                hourlyRate = "150000",
            ),
        )
        assertEquals(TutorStatus.DRAFT, draft.status)
        teaches = m.addTutorSubject(tutor, NewTutorSubject(math.id, Level.SMA, priceOverride = "175000"))
        val rules = m.setWeeklyAvailability(tutor, (1..5).map { AvailabilityRule(it, "16:00", "20:00", 60) })
        assertEquals(5, rules.size)
        assertEquals("16:00:00", rules[0].startTime)
        profile = m.publishTutorProfile(tutor)
        assertEquals(TutorStatus.ACTIVE, profile.status)
        assertEquals("Asia/Jakarta", profile.timezone)
        val budi = m.registerUser(NewUser(Role.STUDENT, "Budi Santoso", email = "budi.santoso@example.id"))
        student = Actor(budi.id, Role.STUDENT)
        return this
    }

    suspend fun draftBooking(at: Instant): Booking = m.createBooking(
        student,
        NewBooking(teaches.id, at, 60L, LessonMode.ONLINE, meetingLink = "https://meet.example/rina-budi"),
    )
}

class MarketplaceTest {
    @TempDir
    lateinit var dir: Path

    @Test
    fun aLessonFromSlotToEscrowRelease() = runBlocking<Unit> {
        val w = World(dir).setUp()
        val m = w.m

        val slots = m.availableSlots(w.profile.id, w.start, w.start.plus(Duration.ofDays(7)), 60L)
        assertEquals(Instant.parse("2030-01-07T09:00:00Z"), slots.first().start)
        assertEquals(Instant.parse("2030-01-07T10:00:00Z"), slots.first().end)
        val draft = w.draftBooking(slots.first().start)
        assertEquals(BookingStatus.DRAFT, draft.status)
        assertAmount("175000", draft.totalAmount)
        assertEquals("IDR", draft.currency)

        val checkout = m.checkout(w.student, draft.id, PaymentProvider.MIDTRANS)
        assertEquals(BookingStatus.PENDING_PAYMENT, checkout.booking.status)
        assertEquals(PaymentStatus.PENDING, checkout.payment.status)
        assertEquals(w.start.plus(Duration.ofMinutes(30)), checkout.payment.expiresAt)
        // The held slot is gone, with its 10-minute buffer.
        val after = m.availableSlots(w.profile.id, w.start, w.start.plus(Duration.ofDays(1)), 60L)
        assertTrue(after.none { it.start < Instant.parse("2030-01-07T10:10:00Z") }, after.toString())

        // Midtrans: a forged notification is refused, the signed one applied once.
        val orderId = checkout.payment.id
        val gross = dec(checkout.payment.amount).setScale(2).toPlainString()
        val forged = assertThrowsSuspend<BlajarplusException.PaymentRejected> {
            m.handleMidtransNotification(midtransSettlement(orderId, gross, "0".repeat(128)))
        }
        assertEquals("payment_rejected", forged.code())
        val body = midtransSettlement(orderId, gross, signMidtrans(orderId, "200", gross, w.serverKey))
        assertEquals(PaymentOutcome.APPLIED, m.handleMidtransNotification(body))
        assertEquals(PaymentOutcome.DUPLICATE, m.handleMidtransNotification(body))
        val confirmed = m.getBooking(w.tutor, draft.id)
        assertEquals(BookingStatus.CONFIRMED, confirmed.status)
        assertAmount("175000", m.verifyLedger().escrow)

        // Too early to confirm; after the end only the student may.
        assertThrowsSuspend<BlajarplusException.InvalidTransition> { m.confirmLesson(w.student, draft.id) }
        w.clock.set(confirmed.endAt.plus(Duration.ofMinutes(5)))
        assertEquals(w.clock.now(), m.now())
        assertThrowsSuspend<BlajarplusException.Forbidden> { m.confirmLesson(w.tutor, draft.id) }
        val done = m.confirmLesson(w.student, draft.id)
        assertEquals(BookingStatus.COMPLETED, done.status)

        // Escrow released: 85% to the tutor, 15% to the platform; the books balance.
        assertAmount("148750", m.myWallet(w.tutor).balance)
        val report = m.verifyLedger()
        assertEquals(emptyList<String>(), report.violations)
        assertAmount("0", report.escrow)
        assertAmount("26250", report.platform)
        assertAmount("148750", report.wallets)
        assertTrue(report.movements >= 2uL)
        assertEquals(
            listOf(BookingStatus.DRAFT, BookingStatus.PENDING_PAYMENT, BookingStatus.CONFIRMED, BookingStatus.COMPLETED),
            m.bookingHistory(w.student, draft.id).map { it.toStatus },
        )
        assertEquals(listOf(draft.id), m.myBookings(w.student, w.start, w.start.plus(Duration.ofDays(2))).map { it.id })
        assertEquals(DueReport(0uL, 0uL, 0uL, 0uL, 0uL, 0uL, 0uL), m.runDue())

        // After the lesson: the student's review moves the tutor's rating.
        assertEquals(0, m.getTutorProfile(w.student, w.profile.id).ratingCount)
        val review = m.writeReview(w.student, draft.id, NewReview(5, "Jelas sekali!"))
        assertEquals(ReviewStatus.PUBLISHED, review.status)
        val rated = m.getTutorProfile(w.student, w.profile.id)
        assertEquals(1, rated.ratingCount)
        assertAmount("5", rated.ratingAvg)
        assertEquals(listOf(review.id), m.tutorReviews(w.profile.id, null, 10L).map { it.id })
        assertThrowsSuspend<BlajarplusException.Conflict> { m.writeReview(w.student, draft.id, NewReview(4)) }
        assertEquals(emptyList<Review>(), m.tutorReviews(w.profile.id, ReviewCursor(review.createdAt, review.id), 10L))
        // A moderator hides it (with a reason; the rating follows), then restores it.
        val noReason = assertThrowsSuspend<BlajarplusException.Validation> {
            m.moderateReview(w.admin, review.id, ReviewStatus.HIDDEN)
        }
        assertEquals("reason", noReason.field)
        assertThrowsSuspend<BlajarplusException.Forbidden> {
            m.moderateReview(w.tutor, review.id, ReviewStatus.HIDDEN, reason = "tidak suka")
        }
        val hidden = m.moderateReview(w.admin, review.id, ReviewStatus.HIDDEN, reason = "checking")
        assertEquals(ReviewStatus.HIDDEN, hidden.status)
        assertEquals(w.admin.userId, hidden.moderatedBy)
        assertEquals("checking", hidden.moderatedReason)
        assertEquals(0, m.getTutorProfile(w.student, w.profile.id).ratingCount)
        assertEquals(emptyList<Review>(), m.tutorReviews(w.profile.id, null, 10L))
        assertEquals(ReviewStatus.PUBLISHED, m.moderateReview(w.admin, review.id, ReviewStatus.PUBLISHED).status)
        assertEquals(1, m.getTutorProfile(w.student, w.profile.id).ratingCount)

        // Student and tutor chat; history pages newest first with a cursor; unread counts.
        val chat = m.openConversation(w.student, w.student.userId, w.profile.id)
        assertEquals(chat.id, m.openConversation(w.tutor, w.student.userId, w.profile.id).id)
        val first = m.sendMessage(w.student, chat.id, NewMessage(MessageType.TEXT, content = "Terima kasih, Bu!"))
        val reply = m.sendMessage(w.tutor, chat.id, NewMessage(MessageType.TEXT, content = "Sama-sama, Budi"))
        assertEquals(listOf(reply.id, first.id), m.messageHistory(w.student, chat.id, null, 10L).map { it.id })
        val older = m.messageHistory(w.student, chat.id, MessageCursor(reply.createdAt, reply.id), 10L)
        assertEquals(listOf(first.id), older.map { it.id })
        val inbox = m.myConversations(w.student)
        assertEquals(1L, inbox.unreadTotal)
        assertEquals(chat.id, inbox.conversations.single().conversation.id)
        assertEquals(1L, inbox.conversations.single().unread)
        assertEquals(1L, m.myConversations(w.tutor).unreadTotal)
        assertEquals(1uL, m.markConversationRead(w.student, chat.id, reply.id))
        assertEquals(0L, m.myConversations(w.student).unreadTotal)
        // The tutor blocks the chat: nobody can send until the tutor (only) unblocks it.
        val blocked = m.blockConversation(w.tutor, chat.id)
        assertTrue(blocked.isBlocked)
        assertEquals(w.tutor.userId, blocked.blockedByUserId)
        assertThrowsSuspend<BlajarplusException.Forbidden> {
            m.sendMessage(w.student, chat.id, NewMessage(MessageType.TEXT, content = "Halo?"))
        }
        assertThrowsSuspend<BlajarplusException.Forbidden> { m.unblockConversation(w.student, chat.id) }
        val unblocked = m.unblockConversation(w.tutor, chat.id)
        assertEquals(false, unblocked.isBlocked)
        assertNull(unblocked.blockedByUserId)

        // The tutor's progress log, read by the student; a favorite.
        val log = m.writeProgressLog(w.tutor, draft.id, ProgressNote(summary = "Turunan dasar", homework = "Latihan 1-10"))
        val logs = m.progressLogs(w.student, w.student.userId)
        assertEquals(listOf(log.id), logs.map { it.id })
        assertEquals("Latihan 1-10", logs.single().homework)
        // Only its author edits it; the notes are replaced as a whole.
        assertThrowsSuspend<BlajarplusException.Forbidden> {
            m.updateProgressLog(w.student, log.id, ProgressNote(summary = "Saya sudah paham"))
        }
        val edited = m.updateProgressLog(w.tutor, log.id, ProgressNote(summary = "Turunan dasar", nextPlan = "Integral"))
        assertNull(edited.homework)
        assertEquals("Integral", m.progressLogs(w.student, w.student.userId).single().nextPlan)
        assertEquals(w.profile.id, m.addFavorite(w.student, w.profile.id).tutorProfileId)
        val favorites = m.myFavorites(w.student)
        assertEquals(listOf(w.profile.id), favorites.map { it.tutorProfileId })
        assertEquals("Rina Wijaya", favorites.single().fullName)
        assertTrue(m.removeFavorite(w.student, w.profile.id))
        assertEquals(false, m.removeFavorite(w.student, w.profile.id))
        assertEquals(emptyList<FavoriteTutor>(), m.myFavorites(w.student))

        // Search finds the tutor by subject slug and by text, not by another subject.
        val bySubject = m.searchTutors(TutorSearch(subject = "matematika", sort = SearchSort.RATING))
        assertEquals(listOf(w.profile.id), bySubject.items.map { it.tutorProfileId })
        assertEquals(listOf("Matematika"), bySubject.items.single().subjects)
        assertAmount("175000", bySubject.items.single().minPrice)
        assertAmount("5", bySubject.items.single().ratingAvg)
        assertNull(bySubject.nextCursor)
        val byText = m.searchTutors(TutorSearch(text = "utbk", sort = SearchSort.RELEVANCE))
        assertEquals(1L, byText.total)
        assertTrue(byText.totalExact) // a small result: `total` is exact (core counts exactly up to 1,000)
        assertEquals(w.profile.id, byText.items.single().tutorProfileId)
        assertEquals(0L, m.searchTutors(TutorSearch(subject = "fisika", sort = SearchSort.RELEVANCE)).total)

        // Notifications listed and marked read.
        val notes = m.listNotifications(w.student, null, 50L)
        assertTrue(notes.any { it.kind == NotificationType.NEW_MESSAGE }, notes.toString())
        assertEquals(notes.count { !it.isRead }.toLong(), m.unreadNotificationCount(w.student))
        assertTrue(m.markNotificationRead(w.student, notes.first().id))
        m.markAllNotificationsRead(w.student)
        assertEquals(0L, m.unreadNotificationCount(w.student))
        assertTrue(m.listNotifications(w.student, null, 50L).all { it.isRead })

        // The host's delivery worker claims the outbox (leased: not claimed twice) and acks it.
        val events = m.claimOutbox(100L, 60L)
        assertTrue(events.isNotEmpty())
        assertEquals(emptyList<OutboxEvent>(), m.claimOutbox(100L, 60L))
        assertEquals(events.size.toULong(), m.ackOutbox(events.map { it.id }))
        w.clock.advance(Duration.ofMinutes(2))
        assertEquals(emptyList<OutboxEvent>(), m.claimOutbox(100L, 60L))

        // The SQLite file outlives the marketplace: a second one on the same file sees it all.
        w.m.close()
        val reopened = Marketplace.open(w.url)
        assertEquals(BookingStatus.COMPLETED, reopened.getBooking(w.student, draft.id).status)
        assertEquals("Budi Santoso", reopened.me(w.student).fullName)
    }

    @Test
    fun accountsPasswordsProfileAndAddresses() = runBlocking<Unit> {
        val w = World(dir).setUp()
        val m = w.m
        // Register with a password and sign in by email (any case); a wrong one is Unauthenticated.
        val dewi = m.registerUser(NewUser(Role.STUDENT, "Dewi Lestari", email = "dewi@example.id"), password = "rahasia-dewi")
        assertEquals(dewi.id, m.login("DEWI@example.id", "rahasia-dewi").id)
        assertNotNull(m.me(Actor(dewi.id, Role.STUDENT)).lastLoginAt)
        val wrong = assertThrowsSuspend<BlajarplusException.Unauthenticated> { m.login("dewi@example.id", "salah-salah") }
        assertEquals("unauthenticated", wrong.code())
        assertThrowsSuspend<BlajarplusException.Unauthenticated> { m.login("nobody@example.id", "rahasia-dewi") }
        val d = Actor(dewi.id, Role.STUDENT)
        // Neither the password nor its hash ever crosses into Kotlin: User has no such field,
        // and NewUser none either (the password is an argument), so printing one shows none.
        for (record in listOf(User::class.java, NewUser::class.java)) {
            assertEquals(
                emptyList<String>(),
                record.declaredFields.map { it.name }.filter { it.contains("password", ignoreCase = true) },
            )
        }
        assertFalse(NewUser(Role.STUDENT, "Dewi", email = "d@example.id").toString().contains("password"))
        assertThrowsSuspend<BlajarplusException.Unauthenticated> { m.changePassword(d, "salah-salah", "baru-rahasia") }
        m.changePassword(d, "rahasia-dewi", "baru-rahasia")
        assertEquals(dewi.id, m.login("dewi@example.id", "baru-rahasia").id)

        // The profile: null keeps a field.
        val edited = m.updateProfile(d, ProfileUpdate(fullName = "Dewi L.", birthdate = "2008-05-17"))
        assertEquals("Dewi L.", edited.fullName)
        assertEquals("2008-05-17", edited.birthdate)
        assertEquals("dewi@example.id", edited.email)

        // Addresses: exactly one primary, listed first.
        val home = m.addAddress(d, NewAddress(label = "Rumah", city = "Bandung", isPrimary = true))
        val school = m.addAddress(d, NewAddress(label = "Sekolah", city = "Bandung", lat = "-6.9175", lng = "107.6191"))
        assertTrue(home.isPrimary)
        assertEquals(false, school.isPrimary)
        assertEquals(listOf(home.id, school.id), m.listAddresses(d).map { it.id })
        assertTrue(m.setPrimaryAddress(d, school.id).isPrimary)
        val listed = m.listAddresses(d)
        assertEquals(listOf(school.id, home.id), listed.map { it.id })
        assertEquals(listOf(true, false), listed.map { it.isPrimary })
        assertEquals("Kantor", m.updateAddress(d, home.id, NewAddress(label = "Kantor", city = "Bandung")).label)
        m.deleteAddress(d, home.id)
        assertEquals(listOf(school.id), m.listAddresses(d).map { it.id })
        assertThrowsSuspend<BlajarplusException.NotFound> { m.setPrimaryAddress(w.student, school.id) }
    }

    @Test
    fun verificationModerationAndBan() = runBlocking<Unit> {
        val w = World(dir).setUp()
        val m = w.m
        // The tutor submits an ID card and a diploma; verified once the admin approves both.
        val ktp = m.submitDocument(w.tutor, DocType.KTP, "https://files.example/rina-ktp.jpg")
        val doc = m.submitDocument(w.tutor, DocType.DIPLOMA, "https://files.example/rina-ijazah.pdf")
        assertEquals(DocumentStatus.PENDING, doc.status)
        assertEquals(VerificationStatus.PENDING, m.getTutorProfile(w.tutor, w.profile.id).verificationStatus)
        assertEquals(setOf(ktp.id, doc.id), m.listDocuments(w.admin, w.profile.id).map { it.id }.toSet())
        assertThrowsSuspend<BlajarplusException.Forbidden> { m.reviewDocument(w.tutor, doc.id, true) }
        val noReason = assertThrowsSuspend<BlajarplusException.Validation> { m.reviewDocument(w.admin, doc.id, false) }
        assertEquals("note", noReason.field)
        val approved = m.reviewDocument(w.admin, doc.id, true)
        assertEquals(DocumentStatus.APPROVED, approved.status)
        assertEquals(w.admin.userId, approved.reviewedBy)
        assertEquals(false, m.getTutorProfile(w.student, w.profile.id).isVerified)
        m.reviewDocument(w.admin, ktp.id, true, note = "cocok")
        val verified = m.getTutorProfile(w.student, w.profile.id)
        assertTrue(verified.isVerified)
        assertEquals(VerificationStatus.APPROVED, verified.verificationStatus)
        assertEquals(1L, m.searchTutors(TutorSearch(verifiedOnly = true, sort = SearchSort.RELEVANCE)).total)

        // A report, handled by the admin.
        val report = m.report(w.student, NewReport(ReportTargetType.TUTOR_PROFILE, w.profile.id, ReportReason.FRAUD, "minta transfer langsung"))
        assertEquals(ReportStatus.OPEN, report.status)
        assertThrowsSuspend<BlajarplusException.Forbidden> { m.listReports(w.student, ReportStatus.OPEN) }
        assertEquals(listOf(report.id), m.listReports(w.admin, ReportStatus.OPEN).map { it.id })
        val handled = m.handleReport(w.admin, report.id, ReportStatus.RESOLVED)
        assertEquals(ReportStatus.RESOLVED, handled.status)
        assertEquals(w.admin.userId, handled.handledBy)
        assertEquals(emptyList<Report>(), m.listReports(w.admin, ReportStatus.OPEN))

        // The ban: the tutor's upcoming paid lesson is cancelled and refunded; gone from search.
        val booking = w.draftBooking(Instant.parse("2030-01-07T09:00:00Z"))
        val checkout = m.checkout(w.student, booking.id, PaymentProvider.MANUAL)
        assertEquals(PaymentOutcome.APPLIED, m.confirmManualPayment(w.admin, checkout.payment.id))
        assertThrowsSuspend<BlajarplusException.Forbidden> { m.banTutor(w.student, w.profile.id, "no") }
        assertEquals(TutorStatus.BANNED, m.banTutor(w.admin, w.profile.id, "fraud confirmed").status)
        assertEquals(BookingStatus.CANCELLED, m.getBooking(w.student, booking.id).status)
        assertEquals(0L, m.searchTutors(TutorSearch(sort = SearchSort.RELEVANCE)).total)
        val ledger = m.verifyLedger()
        assertEquals(emptyList<String>(), ledger.violations)
        assertAmount("0", ledger.escrow)
    }

    @Test
    fun aVerifiedPaymentUpdateFromTheHost() = runBlocking<Unit> {
        val w = World(dir).setUp()
        val m = w.m
        val draft = w.draftBooking(Instant.parse("2030-01-07T09:00:00Z"))
        val payment = m.checkout(w.student, draft.id, PaymentProvider.XENDIT).payment
        // The host verified the provider's notification itself and passes it on, neutral.
        fun update(amount: String) = PaymentUpdate(
            provider = PaymentProvider.XENDIT,
            orderId = payment.id,
            externalId = "inv-123",
            status = PaymentStatus.PAID,
            amount = amount,
            currency = "IDR",
            paymentMethod = "BANK_TRANSFER",
            dedupKey = "xendit:inv-123:PAID",
            rawPayload = """{"id":"inv-123","status":"PAID"}""",
        )
        val wrong = assertThrowsSuspend<BlajarplusException.PaymentRejected> { m.applyPaymentUpdate(update("1000")) }
        assertEquals("payment_rejected", wrong.code())
        assertEquals(PaymentOutcome.APPLIED, m.applyPaymentUpdate(update(payment.amount)))
        assertEquals(PaymentOutcome.DUPLICATE, m.applyPaymentUpdate(update(payment.amount)))
        assertEquals(BookingStatus.CONFIRMED, m.getBooking(w.student, draft.id).status)
        assertAmount("175000", m.verifyLedger().escrow)
    }

    @Test
    fun catalogueTutorEditsAndUserAdministration() = runBlocking<Unit> {
        val w = World(dir).setUp()
        val m = w.m
        // The catalogue: anyone reads it; an admin renames (the slug follows), moves, hides.
        val catalog = m.catalog()
        assertEquals(listOf("akademik"), catalog.categories.map { it.slug })
        assertEquals(listOf("matematika"), catalog.subjects.map { it.slug })
        val akademik = catalog.categories.single()
        assertThrowsSuspend<BlajarplusException.Forbidden> { m.updateCategory(w.student, akademik.id, "Umum", true) }
        assertEquals("akademik-sma", m.updateCategory(w.admin, akademik.id, "Akademik SMA", true).slug)
        val subject = m.updateSubject(w.admin, catalog.subjects.single().id, "Matematika Wajib", akademik.id, true)
        assertEquals("matematika-wajib", subject.slug)
        assertEquals(akademik.id, subject.categoryId)
        assertEquals(listOf("Matematika Wajib"), m.catalog().subjects.map { it.name })
        assertEquals(1L, m.searchTutors(TutorSearch(subject = "matematika-wajib", sort = SearchSort.RELEVANCE)).total)
        val hiddenCategory = m.updateCategory(w.admin, akademik.id, "Akademik SMA", false)
        assertEquals(false, hiddenCategory.isActive)
        assertEquals(Catalog(emptyList(), emptyList()), m.catalog())
        m.updateCategory(w.admin, akademik.id, "Akademik SMA", true)

        // The tutor edits the profile and a subject, pauses and comes back.
        val profile = m.updateTutorProfile(
            w.tutor,
            NewTutorProfile(
                headline = "Guru Matematika dan Fisika",
                teachingModes = listOf(TeachingMode.ONLINE),
                baseCity = "Bandung",
                hourlyRate = "160000",
            ),
        )
        assertEquals("Guru Matematika dan Fisika", profile.headline)
        assertEquals(listOf(TeachingMode.ONLINE), profile.teachingModes)
        assertAmount("160000", profile.hourlyRate)
        assertEquals(TutorStatus.ACTIVE, profile.status)
        val paused = m.updateTutorSubject(w.tutor, w.teaches.id, TutorSubjectUpdate(priceOverride = "200000", isActive = false))
        assertAmount("200000", paused.priceOverride!!)
        assertEquals(false, paused.isActive)
        assertEquals(emptyList<TutorSubject>(), m.listTutorSubjects(w.student, w.profile.id))
        assertEquals(listOf(w.teaches.id), m.listTutorSubjects(w.tutor, w.profile.id).map { it.id })
        assertThrowsSuspend<BlajarplusException.NotFound> {
            m.updateTutorSubject(w.tutor, "0190a8f2-0000-7000-8000-000000000000", TutorSubjectUpdate())
        }
        m.updateTutorSubject(w.tutor, w.teaches.id, TutorSubjectUpdate(description = "SMA kelas 12"))
        assertEquals(listOf("SMA kelas 12"), m.listTutorSubjects(w.student, w.profile.id).map { it.description })
        assertEquals(TutorStatus.INACTIVE, m.deactivateTutorProfile(w.tutor).status)
        assertThrowsSuspend<BlajarplusException.InvalidTransition> { m.deactivateTutorProfile(w.tutor) }
        assertThrowsSuspend<BlajarplusException.NotFound> { m.getTutorProfile(w.student, w.profile.id) }
        assertEquals(0L, m.searchTutors(TutorSearch(sort = SearchSort.RELEVANCE)).total)
        assertEquals(TutorStatus.ACTIVE, m.publishTutorProfile(w.tutor).status)

        // A second, cheaper tutor: search pages with `limit` and the opaque `nextCursor`.
        val sari = Actor(m.registerUser(NewUser(Role.TUTOR, "Sari Dewi", email = "sari@example.id")).id, Role.TUTOR)
        val sariProfile = m.createTutorProfile(
            sari,
            NewTutorProfile(headline = "Matematika SMP", teachingModes = listOf(TeachingMode.ONLINE), hourlyRate = "120000"),
        )
        m.addTutorSubject(sari, NewTutorSubject(subject.id, Level.SMP))
        m.setWeeklyAvailability(sari, listOf(AvailabilityRule(1, "16:00", "18:00", 60)))
        m.publishTutorProfile(sari)
        val cheapest = m.searchTutors(TutorSearch(sort = SearchSort.PRICE_ASC, limit = 1u))
        assertEquals(2L, cheapest.total)
        assertEquals(listOf(sariProfile.id), cheapest.items.map { it.tutorProfileId })
        assertNotNull(cheapest.nextCursor)
        val next = m.searchTutors(TutorSearch(sort = SearchSort.PRICE_ASC, limit = 1u, cursor = cheapest.nextCursor))
        assertEquals(listOf(w.profile.id), next.items.map { it.tutorProfileId })
        assertAmount("160000", next.items.single().minPrice)
        assertNull(next.nextCursor)
        val otherSearch = assertThrowsSuspend<BlajarplusException.Validation> {
            m.searchTutors(TutorSearch(sort = SearchSort.PRICE_DESC, limit = 1u, cursor = cheapest.nextCursor))
        }
        assertEquals("cursor", otherSearch.field)

        assertThrowsSuspend<BlajarplusException.Forbidden> { m.rebuildSearchIndex(w.student) }
        assertEquals(2uL, m.rebuildSearchIndex(w.admin))
        assertEquals(1L, m.searchTutors(TutorSearch(text = "fisika", sort = SearchSort.RELEVANCE)).total)

        // Another admin; a suspended user can neither act nor sign in until reactivated.
        val second = m.createAdmin(w.admin, "Admin Dua", "admin2@blajarplus.id")
        assertEquals(Role.ADMIN, second.role)
        assertThrowsSuspend<BlajarplusException.Forbidden> { m.createAdmin(w.student, "Bukan Admin", "x@example.id") }
        val dewi = m.registerUser(NewUser(Role.STUDENT, "Dewi Lestari", email = "dewi@example.id"), password = "rahasia-dewi")
        val d = Actor(dewi.id, Role.STUDENT)
        assertEquals(UserStatus.SUSPENDED, m.setUserStatus(w.admin, dewi.id, UserStatus.SUSPENDED).status)
        assertThrowsSuspend<BlajarplusException.Forbidden> { m.me(d) }
        assertThrowsSuspend<BlajarplusException.Forbidden> { m.login("dewi@example.id", "rahasia-dewi") }
        val deleted = assertThrowsSuspend<BlajarplusException.Validation> {
            m.setUserStatus(w.admin, dewi.id, UserStatus.DELETED)
        }
        assertEquals("status", deleted.field)
        assertEquals(UserStatus.ACTIVE, m.setUserStatus(w.admin, dewi.id, UserStatus.ACTIVE).status)
        assertEquals(dewi.id, m.login("dewi@example.id", "rahasia-dewi").id)

        // Deletion is soft: the personal fields are cleared, the account cannot sign in again.
        assertThrowsSuspend<BlajarplusException.Forbidden> { m.deleteUser(w.admin, w.admin.userId) }
        val gone = m.deleteUser(w.admin, dewi.id)
        assertEquals(UserStatus.DELETED, gone.status)
        assertNull(gone.email)
        assertEquals("Deleted user", gone.fullName)
        assertNotNull(gone.deletedAt)
        assertThrowsSuspend<BlajarplusException.InvalidTransition> { m.deleteUser(w.admin, dewi.id) }
        assertThrowsSuspend<BlajarplusException.Unauthenticated> { m.login("dewi@example.id", "rahasia-dewi") }
        val closed = m.deleteAccount(w.student)
        assertEquals(UserStatus.DELETED, closed.status)
        assertNull(closed.email)
        assertThrowsSuspend<BlajarplusException.Forbidden> { m.me(w.student) }
    }

    @Test
    fun lessonPackages() = runBlocking<Unit> {
        val w = World(dir).setUp()
        val m = w.m
        val pkg = m.createPackage(
            w.tutor,
            NewPackage("4x Matematika SMA", w.teaches.id, sessionCount = 4, sessionMinutes = 60, totalPrice = "600000", validDays = 30),
        )
        assertEquals(60, pkg.sessionMinutes)
        assertEquals(listOf(pkg.id), m.listPackages(w.student, w.profile.id).map { it.id })

        val bought = m.buyPackage(w.student, pkg.id, PaymentProvider.MIDTRANS)
        assertEquals(PurchaseStatus.PENDING_PAYMENT, bought.purchase.status)
        assertNull(bought.payment.bookingId)
        assertEquals(bought.purchase.id, bought.payment.packagePurchaseId)
        val orderId = bought.payment.id
        val gross = dec(bought.payment.amount).setScale(2).toPlainString()
        val body = midtransSettlement(orderId, gross, signMidtrans(orderId, "200", gross, w.serverKey))
        assertEquals(PaymentOutcome.APPLIED, m.handleMidtransNotification(body))
        val purchase = m.myPurchases(w.student).single()
        assertEquals(PurchaseStatus.ACTIVE, purchase.status)
        assertEquals(4, purchase.sessionsRemaining)

        val draft = w.draftBooking(Instant.parse("2030-01-07T09:00:00Z"))
        val booked = m.bookWithPackage(w.student, draft.id, purchase.id)
        assertEquals(BookingStatus.CONFIRMED, booked.status)
        assertEquals(3, m.myPurchases(w.student).single().sessionsRemaining)
        assertEquals(emptyList<String>(), m.verifyLedger().violations)

        val withdrawn = m.setPackageActive(w.tutor, pkg.id, false)
        assertEquals(false, withdrawn.isActive)
        assertEquals(emptyList<String>(), m.listPackages(w.student, w.profile.id).map { it.id })
        assertThrowsSuspend<BlajarplusException.Forbidden> { m.buyPackage(w.tutor, pkg.id, PaymentProvider.MIDTRANS) }
    }

    @Test
    fun thePolicyIsCoresDefaultUnlessGiven() = runBlocking<Unit> {
        val defaults = defaultPolicy()
        assertEquals("0.15", defaults.platformFeeRate)
        assertEquals(Duration.ofMinutes(30), defaults.paymentExpiry)
        assertEquals(30L, defaults.minLessonMinutes)
        val w = World(dir, defaults.copy(platformFeeRate = "0.20", paymentExpiry = Duration.ofMinutes(10))).setUp()
        val draft = w.draftBooking(Instant.parse("2030-01-07T09:00:00Z"))
        assertAmount("35000", draft.platformFee)
        val checkout = w.m.checkout(w.student, draft.id, PaymentProvider.MIDTRANS)
        assertEquals(w.start.plus(Duration.ofMinutes(10)), checkout.payment.expiresAt)
    }

    @Test
    fun withdrawalsAndDisputes() = runBlocking<Unit> {
        val w = World(dir).setUp()
        val m = w.m
        val booking = w.draftBooking(Instant.parse("2030-01-07T09:00:00Z"))
        val checkout = m.checkout(w.student, booking.id, PaymentProvider.MANUAL)
        assertEquals(PaymentOutcome.APPLIED, m.confirmManualPayment(w.admin, checkout.payment.id))
        w.clock.advance(Duration.ofHours(11))
        assertThrowsSuspend<BlajarplusException.Forbidden> { m.reportNoShow(w.student, booking.id) }
        assertEquals(BookingStatus.NO_SHOW, m.reportNoShow(w.tutor, booking.id).status)
        val disputed = m.disputeBooking(w.student, booking.id, "Saya datang, tutor tidak")
        assertEquals(BookingStatus.DISPUTED, disputed.status)
        val settled = m.resolveDispute(w.admin, booking.id, DisputeResolution.Split("75000"), note = "half")
        assertEquals(BookingStatus.COMPLETED, settled.status)
        assertEquals(emptyList<String>(), m.verifyLedger().violations)

        val balance = dec(m.myWallet(w.tutor).balance)
        assertTrue(balance > BigDecimal.ZERO, "tutor earned $balance")
        val tooMuch = assertThrowsSuspend<BlajarplusException.Validation> {
            m.requestWithdrawal(w.tutor, balance.add(BigDecimal.ONE).toPlainString())
        }
        assertEquals("amount", tooMuch.field)
        val refused = m.rejectWithdrawal(w.admin, m.requestWithdrawal(w.tutor, "1000").id, note = "rekening salah")
        assertEquals(WithdrawalStatus.REJECTED, refused.status)
        assertEquals("rekening salah", refused.note)
        assertEquals(w.admin.userId, refused.handledBy)
        assertAmount(balance.toPlainString(), m.myWallet(w.tutor).balance)
        val request = m.requestWithdrawal(w.tutor, balance.toPlainString())
        assertEquals(WithdrawalStatus.REQUESTED, request.status)
        val paid = m.markWithdrawalPaid(w.admin, request.id, referenceId = "BCA-123")
        assertEquals(WithdrawalStatus.PAID, paid.status)
        assertAmount("0", m.myWallet(w.tutor).balance)
        assertEquals(emptyList<String>(), m.verifyLedger().violations)
    }

    @Test
    fun errorCodesFromRealCalls() = runBlocking<Unit> {
        val w = World(dir).setUp()
        val m = w.m

        // A malformed id is a typed validation error naming the argument (camelCase), not a crash.
        val badId = assertThrowsSuspend<BlajarplusException.Validation> { m.getBooking(w.student, "not-a-uuid") }
        assertEquals("booking", badId.field)
        assertEquals("validation", badId.code())
        assertTrue(badId.reason.startsWith("booking: "), badId.reason)
        val badActor = assertThrowsSuspend<BlajarplusException.Validation> { m.me(Actor("42", Role.STUDENT)) }
        assertEquals("userId", badActor.field)
        assertTrue(badActor.reason.startsWith("actor.userId: "), badActor.reason)
        // So is a malformed amount or time of day, naming the innermost field.
        val badAmount = assertThrowsSuspend<BlajarplusException.Validation> { m.requestWithdrawal(w.tutor, "1,5") }
        assertEquals("amount", badAmount.field)
        assertTrue(badAmount.reason.contains("1,5"), badAmount.reason)
        val badTime = assertThrowsSuspend<BlajarplusException.Validation> {
            m.setWeeklyAvailability(w.tutor, listOf(AvailabilityRule(1, "16:00", "20:00", 60), AvailabilityRule(2, "25:00", "26:00", 60)))
        }
        assertEquals("startTime", badTime.field)
        assertTrue(badTime.reason.startsWith("rules[1].startTime: "), badTime.reason)
        // Core's own validation errors use the same spelling (core's `amount` column).
        assertThrowsSuspend<BlajarplusException.Validation> {
            m.requestWithdrawal(w.tutor, "1.005")
        }.also { assertEquals("amount", it.field) }

        val missing = assertThrowsSuspend<BlajarplusException.NotFound> {
            m.getBooking(w.student, "0190a8f2-0000-7000-8000-000000000000")
        }
        assertEquals("not_found", missing.code())
        val email = assertThrowsSuspend<BlajarplusException.Validation> {
            m.registerUser(NewUser(Role.STUDENT, "Siti", email = "siti@"))
        }
        assertEquals("email", email.field)
        assertThrowsSuspend<BlajarplusException.Conflict> {
            m.registerUser(NewUser(Role.STUDENT, "Budi lagi", email = "BUDI.SANTOSO@example.id"))
        }
        assertThrowsSuspend<BlajarplusException.Forbidden> { m.createCategory(w.student, "Bahasa") }
        assertThrowsSuspend<BlajarplusException.Forbidden> { m.bootstrapAdmin("Second", "second@blajarplus.id") }
        val tooSoon = assertThrowsSuspend<BlajarplusException.Validation> {
            w.draftBooking(Instant.parse("2030-01-07T00:30:00Z"))
        }
        assertEquals("startAt", tooSoon.field)
        assertTrue(tooSoon.reason.startsWith("invalid startAt: "), tooSoon.reason)
        // Sign-in failures: Unauthenticated from a real login (no password set, wrong account).
        val unauthenticated = assertThrowsSuspend<BlajarplusException.Unauthenticated> {
            m.login("budi.santoso@example.id", "any-password")
        }
        assertEquals("unauthenticated", unauthenticated.code())
        val config = assertThrowsSuspend<BlajarplusException.Config> { Marketplace.open("mysql://localhost/x") }
        assertEquals("config", config.code())
        // No Xendit token configured.
        assertThrowsSuspend<BlajarplusException.Config> { m.handleXenditCallback("{}".toByteArray(), "token") }
    }

    @Test
    fun calendarEdits() = runBlocking<Unit> {
        val w = World(dir).setUp()
        val m = w.m
        val day = Instant.parse("2030-01-07T00:00:00Z")
        val off = m.addTimeOff(w.tutor, Instant.parse("2030-01-07T09:00:00Z"), Instant.parse("2030-01-07T11:00:00Z"))
        assertNull(off.reason)
        var slots = m.availableSlots(w.profile.id, day, day.plus(Duration.ofDays(1)), 60L)
        assertEquals(Instant.parse("2030-01-07T11:00:00Z"), slots.first().start)
        val closed = m.setDateOverride(w.tutor, "2030-01-08", emptyList())
        assertEquals("2030-01-08", closed.single().date)
        assertNull(closed.single().startTime)
        val hours = m.setDateOverride(w.tutor, "2030-01-09", listOf(TimeRange("08:00", "09:00")))
        assertEquals("08:00:00", hours.single().startTime)
        slots = m.availableSlots(w.profile.id, day.plus(Duration.ofDays(1)), day.plus(Duration.ofDays(3)), 60L)
        // 2030-01-08 closed; 2030-01-09 08:00–09:00 Jakarta = 01:00–02:00 UTC.
        assertEquals(listOf(Instant.parse("2030-01-09T01:00:00Z")), slots.map { it.start })

        // Reschedule a confirmed lesson to another slot, accepted by the tutor.
        val b = w.draftBooking(Instant.parse("2030-01-07T11:00:00Z"))
        val c = m.checkout(w.student, b.id, PaymentProvider.MANUAL)
        assertEquals(PaymentOutcome.APPLIED, m.confirmManualPayment(w.admin, c.payment.id))
        val thursday = Instant.parse("2030-01-10T09:00:00Z")
        val requested = m.requestReschedule(w.student, b.id, thursday)
        assertEquals(BookingStatus.RESCHEDULE_REQUESTED, requested.status)
        val moved = m.respondReschedule(w.tutor, b.id, true)
        assertEquals(BookingStatus.CONFIRMED, moved.status)
        assertEquals(thursday, moved.startAt)
        // More than a day ahead: the student gets everything back.
        val cancelled = m.cancelBooking(w.student, b.id, reason = "sakit")
        assertEquals(BookingStatus.CANCELLED, cancelled.status)
        assertEquals(CancelledBy.STUDENT, cancelled.cancelledBy)
        assertEquals("sakit", cancelled.cancelReason)
        val report = m.verifyLedger()
        assertEquals(emptyList<String>(), report.violations)
        assertAmount("0", report.escrow)
        assertAmount("0", report.held)
    }
}
