package blajarplus

import java.lang.reflect.InvocationTargetException
import java.net.URI
import java.nio.file.Path
import java.time.Duration
import java.time.Instant
import java.util.UUID
import java.util.concurrent.TimeUnit
import kotlin.reflect.KClass
import kotlin.reflect.KFunction
import kotlin.reflect.KType
import kotlin.reflect.full.callSuspend
import kotlin.reflect.full.declaredMemberFunctions
import kotlin.reflect.full.primaryConstructor
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/**
 * PostgreSQL for the Kotlin tests: the server at `BLAJARPLUS_TEST_PG_URL` (test.sh sets it,
 * starting a throwaway cluster when it is not set), a fresh database per use, created with
 * psql and named `$BLAJARPLUS_TEST_PG_PREFIX_…` (test.sh drops them all at the end). Without
 * the variable the PostgreSQL tests fail; they never skip.
 */
object Postgres {
    private val prefix = System.getenv("BLAJARPLUS_TEST_PG_PREFIX")?.takeIf { it.isNotBlank() } ?: "blajarplus_kt"

    private fun server(): String = System.getenv("BLAJARPLUS_TEST_PG_URL")?.takeIf { it.isNotBlank() }
        ?: fail(
            "BLAJARPLUS_TEST_PG_URL is not set: the PostgreSQL tests need a server. Run " +
                "bindings-mobile/test.sh (it starts a throwaway cluster) or export " +
                "BLAJARPLUS_TEST_PG_URL=postgres://user@host:port/db",
        )

    private fun psqlBinary(): String =
        listOf("/usr/bin/psql", "/usr/local/bin/psql").firstOrNull { java.io.File(it).canExecute() }
            ?: java.io.File("/usr/lib/postgresql").listFiles()?.sortedDescending()
                ?.map { java.io.File(it, "bin/psql") }?.firstOrNull { it.canExecute() }?.path
            ?: "psql"

    /** Runs one SQL command on the server's own database; its output, unaligned. */
    fun psql(sql: String): String {
        val process = ProcessBuilder(psqlBinary(), server(), "-v", "ON_ERROR_STOP=1", "-qAtc", sql)
            .redirectErrorStream(true)
            .start()
        val output = process.inputStream.bufferedReader().readText()
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "psql timed out: $sql")
        assertEquals(0, process.exitValue(), "psql failed: $sql\n$output")
        return output.trim()
    }

    /** A fresh, empty database: its name and URL (the server's URL with another path). */
    fun freshDatabase(): Pair<String, String> {
        val name = "${prefix}_${UUID.randomUUID().toString().replace("-", "").take(12)}"
        psql("CREATE DATABASE $name")
        val u = URI(server())
        return name to URI(u.scheme, u.userInfo, u.host, u.port, "/$name", u.query, null).toString()
    }

    /** The server's connections to the database `name`. */
    fun connections(name: String): Int =
        psql("SELECT count(*) FROM pg_stat_activity WHERE datname = '$name'").toInt()
}

/** A Rust name as UniFFI's Kotlin spells it: `hourly_rate` → `hourlyRate`. */
fun camel(name: String): String = name.replace(Regex("_([a-z0-9])")) { it.groupValues[1].uppercase() }

/**
 * A path from an argument down to a leaf, as Kotlin spells it: `["rules", "[]", "startTime"]`;
 * `"<Split>"` selects a variant of a sealed class.
 */
typealias KPath = List<String>

/** The leaf classes: the Kotlin types whose values the type system cannot fully check. */
val LEAF_CLASSES: Set<KClass<*>> = setOf(String::class, Double::class, Instant::class, Duration::class, ByteArray::class)

/** The Kotlin class of a leaf of each kind. */
fun classOf(kind: EdgeKind): KClass<*> = when (kind) {
    EdgeKind.INSTANT -> Instant::class
    EdgeKind.FLOAT -> Double::class
    EdgeKind.DURATION -> Duration::class
    EdgeKind.BYTES -> ByteArray::class
    EdgeKind.TEXT, EdgeKind.UUID, EdgeKind.DECIMAL, EdgeKind.CURRENCY, EdgeKind.LOCAL_DATE,
    EdgeKind.LOCAL_TIME, EdgeKind.JSON -> String::class
}

val START: Instant = Instant.parse("2030-01-07T00:00:00Z")

/** A valid value of each kind. */
fun good(kind: EdgeKind): Any = when (kind) {
    EdgeKind.TEXT -> "x"
    EdgeKind.UUID -> UUID.randomUUID().toString()
    EdgeKind.DECIMAL -> "1000"
    EdgeKind.CURRENCY -> "IDR"
    EdgeKind.LOCAL_DATE -> "2030-01-31"
    EdgeKind.LOCAL_TIME -> "10:00"
    EdgeKind.JSON -> "{}"
    EdgeKind.INSTANT -> START
    EdgeKind.FLOAT -> 1.5
    EdgeKind.DURATION -> Duration.ofMinutes(30)
    EdgeKind.BYTES -> "{}".toByteArray()
}

/**
 * The bad values of each kind, each refused at the edge with `Validation`. Text and bytes have
 * none at the edge (core checks lengths, emails, URLs, zones, bodies: see the core tests below).
 */
fun bad(kind: EdgeKind): List<Any> = when (kind) {
    EdgeKind.TEXT, EdgeKind.BYTES -> emptyList()
    EdgeKind.UUID -> UUID.randomUUID().toString().let { u ->
        listOf("not-a-uuid", "", " $u", "$u ", "{$u}", u.replace("-", ""), "urn:uuid:$u", "12345")
    }
    EdgeKind.DECIMAL -> listOf(
        "NaN", "Infinity", "-Infinity", "", "abc", "1e30", "1E3", "1,5", " 1", "1 ", "+1", "1.", ".5",
        "0x10", "1_000", "9".repeat(29),
    )
    EdgeKind.CURRENCY -> listOf("idr", "", "Rupiah", "IDR ", "ID")
    EdgeKind.LOCAL_DATE -> listOf("2030-02-30", "tomorrow", "31/01/2030", "", "2030-01-31T00:00", " 2030-01-31")
    EdgeKind.LOCAL_TIME -> listOf("25:00", "4pm", "", "16:60", " 16:00", "16.00", "16:00:00.5")
    EdgeKind.JSON -> listOf("{", "", "nope", "{\"a\":NaN}", "[1,]")
    EdgeKind.INSTANT -> listOf(
        Instant.MAX, Instant.MIN, Instant.parse("+262144-01-01T00:00:00Z"), Instant.parse("-262145-01-01T00:00:00Z"),
    )
    EdgeKind.FLOAT -> listOf(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)
    EdgeKind.DURATION -> listOf(Duration.ofSeconds(Long.MAX_VALUE), Duration.ofDays(1L shl 40))
}

/** The table's path of a leaf, in Kotlin's spelling. */
fun kpath(argument: String, steps: List<PathStep>): KPath = listOf(camel(argument)) + steps.map {
    when (it) {
        is PathStep.Field -> camel(it.name)
        is PathStep.Element -> "[]"
        is PathStep.Variant -> "<${it.name}>"
    }
}

/** The field a validation error at `path` must name: the innermost property, else the argument. */
fun fieldOf(path: KPath): String = path.last { !it.startsWith("[") && !it.startsWith("<") }

/** How an error message spells `path`: `rules[0].startTime`, `resolution.refund`. */
fun display(path: KPath): String = path.drop(1).fold(path.first()) { acc, step ->
    when {
        step == "[]" -> "$acc[0]"
        step.startsWith("<") -> acc
        else -> "$acc.$step"
    }
}

/** Every leaf of `type` under `at`, found by reflection on the generated Kotlin. */
fun leavesOf(type: KType, at: KPath, out: MutableMap<KPath, KClass<*>>) {
    val cls = type.classifier as? KClass<*> ?: error("${display(at)}: unexpected type $type")
    when {
        cls in LEAF_CLASSES -> out[at] = cls
        cls == List::class -> leavesOf(type.arguments.single().type!!, at + "[]", out)
        cls.isData -> cls.primaryConstructor!!.parameters.forEach { leavesOf(it.type, at + it.name!!, out) }
        cls.isSealed -> cls.sealedSubclasses.filter { it.isData }.forEach { sub ->
            sub.primaryConstructor!!.parameters.forEach { leavesOf(it.type, at + "<${sub.simpleName}>" + it.name!!, out) }
        }
        // Integers, booleans, enums, objects (FixedClock): nothing the type lets through.
        else -> Unit
    }
}

/** Builds a valid argument of `type`, except `badValue` at `badAt`. */
class Arguments(private val kinds: Map<KPath, EdgeKind>, private val badAt: KPath, private val badValue: Any) {
    fun build(type: KType, at: KPath): Any? {
        if (at == badAt) return badValue
        val onPath = badAt.size > at.size && badAt.subList(0, at.size) == at
        if (type.isMarkedNullable && !onPath) return null
        val cls = type.classifier as KClass<*>
        return when {
            cls in LEAF_CLASSES -> good(kinds[at] ?: error("no kind for ${display(at)}"))
            cls == Int::class -> 1
            cls == Long::class -> 60L
            cls == UInt::class -> 1u
            cls == ULong::class -> 1uL
            cls == Boolean::class -> false
            cls == List::class -> listOf(build(type.arguments.single().type!!, at + "[]"))
            cls.java.isEnum -> cls.java.enumConstants.first()
            cls == FixedClock::class -> FixedClock(START)
            cls.isData -> construct(cls, at)
            cls.isSealed -> {
                val variant = if (onPath) badAt[at.size].removeSurrounding("<", ">") else null
                val sub = cls.sealedSubclasses.first {
                    if (variant == null) it.objectInstance != null else it.simpleName == variant
                }
                sub.objectInstance ?: construct(sub, at + "<${sub.simpleName}>")
            }
            else -> error("${display(at)}: cannot build a $cls")
        }
    }

    private fun construct(cls: KClass<*>, at: KPath): Any {
        val constructor = cls.primaryConstructor!!
        return constructor.call(*constructor.parameters.map { build(it.type, at + it.name!!) }.toTypedArray())
    }
}

/** A facade method as generated in Kotlin: the function and its receiver. */
class Bound(val function: KFunction<*>, val receiver: Any) {
    /** The parameters after the receiver. */
    val parameters = function.parameters.drop(1)
}

/** One row of the table: a method, a leaf, one bad value there. */
class Row(val method: String, val bound: Bound, val path: KPath, val kinds: Map<KPath, EdgeKind>, val value: Any) {
    val label get() = "$method: ${display(path)} = ${show(value)}"
}

fun show(value: Any?): String = when (value) {
    is String -> "\"$value\""
    is Instant -> "Instant($value)"
    else -> value.toString()
}

/**
 * The contract at the edge, as a table generated from the binding's own declarations:
 * `edgeContract()` lists every facade method (`facade!` and `open` in bindings-mobile/src), every
 * argument and every leaf with its kind. For each facade method of core (.ci/facade_methods.py)
 * and each leaf, every bad value of its kind is passed, the other arguments valid, through the
 * generated Kotlin (reflectively): each call must throw `BlajarplusException.Validation` whose
 * `field` is the camelCase name of the innermost input and whose `reason` starts with its path,
 * and write nothing. The table is checked against the generated Kotlin first: every facade
 * method must be in it with Kotlin's parameters, and every leaf Kotlin lets through (a string,
 * a `Double`, an `Instant`, a `Duration`, bytes) must have a kind — so a new method, argument or
 * field is covered or fails, without editing this file. Run on an SQLite file and on PostgreSQL.
 */
class ContractTest {
    @TempDir
    lateinit var dir: Path

    companion object {
        private val repo: String = System.getProperty("blajarplus.repo").orEmpty()

        /** Core's facade methods that the mobile binding binds (camelCase). */
        val facade: List<String> by lazy {
            assertTrue(repo.isNotEmpty(), "blajarplus.repo is not set")
            val process = ProcessBuilder("python3", "$repo/.ci/facade_methods.py", "--binding", "mobile")
                .redirectErrorStream(true)
                .start()
            val out = process.inputStream.bufferedReader().readText()
            assertEquals(0, process.waitFor(), out)
            out.lines().filter { it.isNotBlank() }.map(::camel).also { assertTrue(it.size > 10, "too few methods: $it") }
        }
    }

    /** Every facade method as Kotlin has it (`open` on the companion). */
    private fun bind(m: Marketplace?): Map<String, Bound> {
        val members = Marketplace::class.declaredMemberFunctions.associate { it.name to Bound(it, m ?: Unit) }
        val open = Marketplace.Companion::class.declaredMemberFunctions.single { it.name == "open" }
        return members + ("open" to Bound(open, Marketplace.Companion))
    }

    /** The rows of the table, after checking it against the generated Kotlin. */
    private fun table(m: Marketplace): Pair<List<Row>, String> {
        val contract = edgeContract().associateBy { camel(it.name) }
        val bound = bind(m)
        val problems = mutableListOf<String>()
        problems += (contract.keys - facade.toSet()).map { "$it is in edgeContract() but not a facade method" }
        val rows = mutableListOf<Row>()
        var leaves = 0
        var arguments = 0
        for (name in facade) {
            val method = contract[name]
            val kotlin = bound[name]
            if (method == null || kotlin == null) {
                problems += "facade method $name: ${if (method == null) "not in edgeContract()" else ""} " +
                    (if (kotlin == null) "not in the generated Kotlin" else "")
                continue
            }
            val names = kotlin.parameters.map { it.name!! }
            if (names != method.arguments.map { camel(it.name) }) {
                problems += "$name: Kotlin has ($names), edgeContract() ${method.arguments.map { camel(it.name) }}"
                continue
            }
            val kinds = method.arguments.flatMap { a -> a.leaves.map { kpath(a.name, it.path) to it.kind } }.toMap()
            val found = mutableMapOf<KPath, KClass<*>>()
            kotlin.parameters.forEach { leavesOf(it.type, listOf(it.name!!), found) }
            for ((path, cls) in found) {
                val kind = kinds[path]
                when {
                    kind == null -> problems += "$name: ${display(path)} (${cls.simpleName}) has no kind in edgeContract()"
                    classOf(kind) != cls -> problems += "$name: ${display(path)} is a ${cls.simpleName}, edgeContract() says $kind"
                }
            }
            problems += (kinds.keys - found.keys).map { "$name: edgeContract() lists ${display(it)}, Kotlin has no such input" }
            arguments += names.size
            for ((path, kind) in kinds) {
                leaves++
                bad(kind).forEach { rows += Row(name, kotlin, path, kinds, it) }
            }
        }
        assertEquals(emptyList<String>(), problems, "the table and the generated Kotlin disagree")
        return rows to "${rows.size} rows over $leaves leaves of $arguments arguments of ${facade.size} methods"
    }

    /** Calls the row's method; null when it threw the validation error it must, else what happened. */
    private suspend fun outcome(row: Row): String? {
        val args = row.bound.parameters.map { p ->
            Arguments(row.kinds, row.path, row.value).build(p.type, listOf(p.name!!))
        }
        val error = try {
            val result = row.bound.function.callSuspend(row.bound.receiver, *args.toTypedArray())
            (result as? AutoCloseable)?.close()
            return "returned ${show(result)}"
        } catch (e: InvocationTargetException) {
            e.targetException
        } catch (e: Throwable) {
            e
        }
        val field = fieldOf(row.path)
        val where = display(row.path)
        return when {
            error !is BlajarplusException.Validation -> "threw ${error::class.qualifiedName}: ${error.message}"
            error.field != field -> "field ${error.field}, expected $field: ${error.reason}"
            !error.reason.startsWith("$where: ") -> "the reason does not start with \"$where: \": ${error.reason}"
            else -> null
        }
    }

    /** What a call could have written, as the facade shows it (compared before and after). */
    private suspend fun snapshot(m: Marketplace, actor: Actor): List<Any> = listOf(
        m.verifyLedger(),
        m.catalog(),
        m.searchTutors(TutorSearch(sort = SearchSort.RELEVANCE, limit = 50u)).total,
        m.me(actor),
        m.listAddresses(actor),
        m.unreadNotificationCount(actor),
        m.myBookings(actor, Instant.EPOCH, START.plus(Duration.ofDays(3650))),
        m.myPurchases(actor),
        m.myConversations(actor),
    )

    private fun contract(url: String) = runBlocking {
        Marketplace.open(url, MarketplaceOptions(clock = FixedClock(START))).use { m ->
            val user = m.registerUser(NewUser(Role.STUDENT, "Contract", email = "contract@example.id"))
            val actor = Actor(user.id, Role.STUDENT)
            val (rows, summary) = table(m)
            val before = snapshot(m, actor)
            val failures = rows.mapNotNull { row -> outcome(row)?.let { "${row.label}: $it" } }
            assertEquals(emptyList<String>(), failures, "${failures.size} of ${rows.size} rows failed")
            assertEquals(before, snapshot(m, actor), "a refused call wrote something")
            assertTrue(rows.size > 500, "only $summary")
            println("contract on ${url.substringBefore(':')}: $summary")
        }
    }

    @Test
    fun everyBadValueOfEveryArgumentOnSqlite() = contract("sqlite://" + dir.resolve("contract.db").toAbsolutePath())

    @Test
    fun everyBadValueOfEveryArgumentOnPostgres() = contract(Postgres.freshDatabase().second)

    /** Core's own validation errors name the input the same way (camelCase), and write nothing. */
    private fun coreValidation(w: World) = runBlocking {
        val m = w.setUp().m
        suspend fun refused(field: String, call: suspend () -> Any?) {
            val err = assertThrowsSuspend<BlajarplusException.Validation> { call() }
            assertEquals(field, err.field, err.reason)
            assertTrue(err.reason.startsWith("invalid $field: "), err.reason)
        }
        // A decimal beyond the column's scale, a zone, a URL, an out-of-range integer.
        val sari = Actor(m.registerUser(NewUser(Role.TUTOR, "Sari", email = "sari@example.id")).id, Role.TUTOR)
        val profile = NewTutorProfile(teachingModes = listOf(TeachingMode.ONLINE), hourlyRate = "120000")
        refused("hourlyRate") { m.createTutorProfile(sari, profile.copy(hourlyRate = "1.234")) }
        refused("hourlyRate") { m.createTutorProfile(sari, profile.copy(hourlyRate = "-5")) }
        refused("timezone") { m.createTutorProfile(sari, profile.copy(timezone = "Mars/Olympus_Mons")) }
        refused("introVideoUrl") { m.createTutorProfile(sari, profile.copy(introVideoUrl = "http://video.example/x")) }
        refused("experienceYears") { m.createTutorProfile(sari, profile.copy(experienceYears = -1)) }
        refused("experienceYears") { m.createTutorProfile(sari, profile.copy(experienceYears = Int.MAX_VALUE)) }
        // Nothing was written: the profile can still be created, once.
        assertEquals(TutorStatus.DRAFT, m.createTutorProfile(sari, profile).status)

        val week = m.availableSlots(w.profile.id, w.start, w.start.plus(Duration.ofDays(7)), 60L)
        refused("dayOfWeek") { m.setWeeklyAvailability(w.tutor, listOf(AvailabilityRule(7, "16:00", "20:00", 60))) }
        refused("dayOfWeek") { m.setWeeklyAvailability(w.tutor, listOf(AvailabilityRule(Int.MIN_VALUE, "16:00", "20:00", 60))) }
        refused("slotDurationMinutes") { m.setWeeklyAvailability(w.tutor, listOf(AvailabilityRule(1, "16:00", "20:00", 0))) }
        refused("endTime") { m.setWeeklyAvailability(w.tutor, listOf(AvailabilityRule(1, "20:00", "16:00", 60))) }
        assertEquals(week, m.availableSlots(w.profile.id, w.start, w.start.plus(Duration.ofDays(7)), 60L))
        refused("durationMinutes") { m.availableSlots(w.profile.id, w.start, w.start.plus(Duration.ofDays(1)), -60L) }
        refused("durationMinutes") { m.availableSlots(w.profile.id, w.start, w.start.plus(Duration.ofDays(1)), Long.MAX_VALUE) }
        refused("to") { m.availableSlots(w.profile.id, w.start, w.start.minusSeconds(1), 60L) }
        refused("limit") { m.listNotifications(w.student, null, 0L) }
        refused("limit") { m.claimOutbox(Long.MAX_VALUE, 60L) }
        refused("leaseSeconds") { m.claimOutbox(10L, -1L) }
        refused("fileUrl") { m.submitDocument(w.tutor, DocType.KTP, "ftp://files.example/ktp.jpg") }
        assertEquals(emptyList<TutorDocument>(), m.listDocuments(w.tutor, w.profile.id))
        refused("radiusKm") {
            m.searchTutors(TutorSearch(near = GeoPoint(-6.2, 106.8), radiusKm = -1.0, sort = SearchSort.RELEVANCE))
        }
        refused("minPrice") { m.searchTutors(TutorSearch(minPrice = "-1", sort = SearchSort.RELEVANCE)) }
        refused("lat") { m.addAddress(w.student, NewAddress(lat = "-6.123456789", lng = "106.8")) }
        assertEquals(emptyList<UserAddress>(), m.listAddresses(w.student))
        refused("amount") { m.requestWithdrawal(w.tutor, "1.005") }
        assertEquals(emptyList<String>(), m.verifyLedger().violations)
        w.m.close()
    }

    @Test
    fun coreValidationUsesTheSameSpellingOnSqlite() = coreValidation(World(dir))

    @Test
    fun coreValidationUsesTheSameSpellingOnPostgres() = coreValidation(World(null, databaseUrl = Postgres.freshDatabase().second))

    /** A FixedClock refuses instants and durations core cannot hold, naming the argument. */
    @Test
    fun theClockRefusesWhatCoreCannotHold() {
        val tooLate = runCatching { FixedClock(Instant.MAX) }.exceptionOrNull()
        assertTrue(tooLate is BlajarplusException.Validation && tooLate.field == "at", "$tooLate")
        val clock = FixedClock(START)
        val far = runCatching { clock.set(Instant.MIN) }.exceptionOrNull()
        assertTrue(far is BlajarplusException.Validation && far.field == "at", "$far")
        val long = runCatching { clock.advance(Duration.ofSeconds(Long.MAX_VALUE)) }.exceptionOrNull()
        assertTrue(long is BlajarplusException.Validation && long.field == "by", "$long")
        val beyond = runCatching { clock.advance(Duration.ofDays(300_000L * 366)) }.exceptionOrNull()
        assertTrue(beyond is BlajarplusException.Validation && beyond.field == "by", "$beyond")
        assertEquals(START, clock.now())
    }

    /**
     * `Marketplace` is AutoCloseable: `use {}` / `close()` (UniFFI's `destroy()`) drops it and its
     * connection pool; a later call throws UniFFI's IllegalStateException, not a crash, and
     * closing again does nothing.
     */
    private suspend fun afterClose(m: Marketplace) {
        val err = assertThrowsSuspend<IllegalStateException> { m.catalog() }
        assertTrue(err.message.orEmpty().contains("destroyed"), err.message)
        m.close()
        val again = assertThrowsSuspend<IllegalStateException> { m.me(Actor(UUID.randomUUID().toString(), Role.STUDENT)) }
        assertNotNull(again.message)
    }

    @Test
    fun closeReleasesTheFileOnSqlite() = runBlocking {
        val url = "sqlite://" + dir.resolve("closed.db").toAbsolutePath()
        lateinit var admin: User
        val m = Marketplace.open(url).use { m ->
            admin = m.bootstrapAdmin("Admin", "admin@blajarplus.id")
            m
        }
        afterClose(m)
        // The file is free again: another marketplace opens it, sees the admin, and writes.
        Marketplace.open(url).use { again ->
            assertThrowsSuspend<BlajarplusException.Forbidden> { again.bootstrapAdmin("Other", "other@blajarplus.id") }
            assertEquals("akademik", again.createCategory(Actor(admin.id, Role.ADMIN), "Akademik").slug)
        }
    }

    @Test
    fun closeReleasesThePoolOnPostgres() = runBlocking {
        val (name, url) = Postgres.freshDatabase()
        val m = Marketplace.open(url)
        m.bootstrapAdmin("Admin", "admin@blajarplus.id")
        m.catalog()
        assertTrue(Postgres.connections(name) > 0, "no connection while open")
        m.close()
        // The backends end once their sockets close: give them a few seconds.
        val deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos()
        var open = Postgres.connections(name)
        while (open > 0 && System.nanoTime() < deadline) {
            delay(100)
            open = Postgres.connections(name)
        }
        assertEquals(0, open, "connections left after close()")
        afterClose(m)
    }
}
