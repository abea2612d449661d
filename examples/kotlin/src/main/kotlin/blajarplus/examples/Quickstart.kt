// Quickstart (Kotlin): the whole story of one lesson through the mobile bindings, on an SQLite
// file: a tutor sets up, a student finds a slot and books it, Midtrans reports the payment, the
// lesson happens, the escrow is released and the ledger is audited. The Kotlin twin of
// examples/quickstart.rs.
package blajarplus.examples

import blajarplus.Actor
import blajarplus.AvailabilityRule
import blajarplus.BlajarplusException
import blajarplus.FixedClock
import blajarplus.LessonMode
import blajarplus.Level
import blajarplus.Marketplace
import blajarplus.MarketplaceOptions
import blajarplus.MessageType
import blajarplus.NewBooking
import blajarplus.NewMessage
import blajarplus.NewReview
import blajarplus.NewTutorProfile
import blajarplus.NewTutorSubject
import blajarplus.NewUser
import blajarplus.PaymentProvider
import blajarplus.Role
import blajarplus.SearchSort
import blajarplus.TeachingMode
import blajarplus.TutorSearch
import blajarplus.version
import java.io.File
import java.math.BigDecimal
import java.security.MessageDigest
import java.time.Duration
import java.time.Instant
import java.time.ZoneId
import java.time.format.DateTimeFormatter
import kotlinx.coroutines.runBlocking

private val jakarta = ZoneId.of("Asia/Jakarta")
private val local = DateTimeFormatter.ofPattern("EEE dd MMM HH:mm").withZone(jakarta)

/** What Midtrans sends: a settlement notification signed with SHA-512. */
private fun midtransNotification(orderId: String, grossAmount: String, serverKey: String?): String {
    val signature = if (serverKey == null) {
        "0".repeat(128)
    } else {
        MessageDigest.getInstance("SHA-512")
            .digest((orderId + "200" + grossAmount + serverKey).toByteArray())
            .joinToString("") { "%02x".format(it) }
    }
    return """{"transaction_status":"settlement","status_code":"200","order_id":"$orderId",""" +
        """"gross_amount":"$grossAmount","currency":"IDR","payment_type":"bank_transfer",""" +
        """"transaction_id":"9aed5972-5b6a-401e-894b-a32c91ed1a3a","fraud_status":"accept",""" +
        """"signature_key":"$signature"}"""
}

fun main(args: Array<String>) = runBlocking {
    // A file in the app's sandbox (here: the first argument); recreated on every run.
    val db = File(args.firstOrNull() ?: "quickstart.db").absoluteFile
    listOf("", "-wal", "-shm").forEach { File(db.path + it).delete() }
    // The story runs on its own clock so that "after the lesson" comes without waiting.
    val clock = FixedClock(Instant.now())
    val serverKey = "SB-Mid-server-quickstart"
    val m = Marketplace.open(
        "sqlite://${db.path}",
        MarketplaceOptions(clock = clock, midtransServerKey = serverKey),
    )
    println("Blajarplus ${version()} on SQLite file ${db.name}")

    // An admin sets up the catalogue.
    val admin = Actor(m.bootstrapAdmin("Admin Blajarplus", "admin@blajarplus.id").id, Role.ADMIN)
    val akademik = m.createCategory(admin, "Akademik")
    val math = m.createSubject(admin, "Matematika", akademik.id)

    // A tutor: profile, subject, weekly hours (Mon–Fri 16:00–20:00 Jakarta), published.
    val rina = m.registerUser(
        NewUser(Role.TUTOR, "Rina Wijaya", email = "Rina.Wijaya@Example.id", phone = "0812-3456-7890"),
    )
    val tutor = Actor(rina.id, Role.TUTOR)
    m.createTutorProfile(
        tutor,
        NewTutorProfile(
            headline = "Guru Matematika SMA & persiapan UTBK",
            bio = "Lulusan Matematika ITB, 6 tahun mengajar kalkulus dan aljabar.",
            teachingModes = listOf(TeachingMode.ONLINE, TeachingMode.OFFLINE),
            baseCity = "Jakarta",
            hourlyRate = "150000",
        ),
    )
    val teaches = m.addTutorSubject(
        tutor,
        NewTutorSubject(math.id, Level.SMA, priceOverride = "175000", description = "Kalkulus, aljabar, persiapan UTBK"),
    )
    m.setWeeklyAvailability(tutor, (1..5).map { day -> AvailabilityRule(day, "16:00", "20:00", 60) })
    val profile = m.publishTutorProfile(tutor)
    println()
    println("Tutor    ${rina.fullName} <${rina.email}> ${rina.phone} · ${profile.currency} ${profile.hourlyRate}/hour · Mon–Fri 16:00–20:00 ${profile.timezone}")
    println("Teaches  ${math.name} (SMA) at IDR ${teaches.priceOverride}/hour")

    // A student looks at next week's slots and books the first one.
    val budi = m.registerUser(NewUser(Role.STUDENT, "Budi Santoso", email = "budi.santoso@example.id"))
    val student = Actor(budi.id, Role.STUDENT)
    val now = m.now()
    val slots = m.availableSlots(profile.id, now, now.plus(Duration.ofDays(7)), 60L)
    println()
    println("Slots    ${slots.size} free hours this week; first ones:")
    slots.take(3).forEach { println("         ${local.format(it.start)} Jakarta (${it.start} UTC)") }
    val draft = m.createBooking(
        student,
        NewBooking(
            teaches.id,
            slots.first().start,
            60L,
            LessonMode.ONLINE,
            meetingLink = "https://meet.example/rina-budi",
            notes = "Bab limit dan turunan",
        ),
    )
    println()
    println("Booking  ${draft.id} · ${draft.status} · price ${draft.price} · platform fee ${draft.platformFee} · student pays ${draft.currency} ${draft.totalAmount}")
    val checkout = m.checkout(student, draft.id, PaymentProvider.MIDTRANS)
    println("Checkout ${checkout.booking.status} · payment ${checkout.payment.id} of ${checkout.payment.currency} ${checkout.payment.amount} due by ${checkout.payment.expiresAt}")

    // Midtrans notifies us: a forged copy is refused, the signed one is applied, and a second
    // delivery changes nothing. Money is a decimal string; BigDecimal does the arithmetic.
    val orderId = checkout.payment.id
    val gross = BigDecimal(checkout.payment.amount).setScale(2).toPlainString()
    try {
        m.handleMidtransNotification(midtransNotification(orderId, gross, null).toByteArray())
        error("a forged notification was accepted")
    } catch (e: BlajarplusException.PaymentRejected) {
        println("Midtrans forged notification → ${e.code()}: ${e.reason}")
    }
    val body = midtransNotification(orderId, gross, serverKey).toByteArray()
    val first = m.handleMidtransNotification(body)
    val again = m.handleMidtransNotification(body)
    val booking = m.getBooking(student, draft.id)
    println("Midtrans signed notification → $first, again → $again; booking ${booking.status}")

    // The lesson happens; the student confirms it; escrow is released.
    clock.set(booking.endAt.plus(Duration.ofMinutes(5)))
    val done = m.confirmLesson(student, booking.id)
    println("Lesson   ${done.status} at ${done.updatedAt}")

    val wallet = m.myWallet(tutor)
    println()
    println("Tutor wallet balance: ${wallet.currency} ${wallet.balance}")
    println("History: " + m.bookingHistory(student, booking.id).joinToString(" → ") { it.toStatus.toString() })
    val report = m.verifyLedger()
    val verdict = if (report.violations.isEmpty()) "OK" else report.violations.toString()
    println("verify_ledger: ${report.movements} movements, ${report.entries} entries, held ${report.held} (escrow ${report.escrow}, platform ${report.platform}, wallets ${report.wallets}) → $verdict")
    check(report.violations.isEmpty())
    check(BigDecimal(wallet.balance).compareTo(BigDecimal("148750")) == 0) { "tutor got ${wallet.balance}" }

    // After the lesson: a review, a chat, and the tutor found by search.
    val review = m.writeReview(student, booking.id, NewReview(5, "Penjelasannya jelas!"))
    val rated = m.getTutorProfile(student, profile.id)
    println()
    println("Review   ${review.rating}★ → tutor rating ${rated.ratingAvg} (${rated.ratingCount})")
    val chat = m.openConversation(student, budi.id, profile.id)
    m.sendMessage(student, chat.id, NewMessage(MessageType.TEXT, content = "Terima kasih, Bu!"))
    m.sendMessage(tutor, chat.id, NewMessage(MessageType.TEXT, content = "Sama-sama, Budi."))
    println("Chat     ${m.myConversations(student).unreadTotal} unread message(s) for the student")
    val found = m.searchTutors(TutorSearch(text = "matematika", sort = SearchSort.RATING))
    found.items.forEach { println("Search   ${it.fullName} — ${it.ratingAvg}★ from ${it.currency} ${it.minPrice}") }
    check(found.total == 1L)
    m.close()
}
