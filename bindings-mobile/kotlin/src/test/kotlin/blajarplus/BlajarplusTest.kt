package blajarplus

import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class BlajarplusTest {
    private val expectedVersion: String =
        System.getProperty("blajarplus.expectedVersion").orEmpty()

    @Test
    fun versionIsTheCoreVersion() {
        assertFalse(expectedVersion.isEmpty(), "blajarplus.expectedVersion is not set")
        assertEquals(expectedVersion, version())
    }

    @Test
    fun versionAsyncSuspends() = runBlocking {
        assertEquals(version(), versionAsync())
    }

    @Test
    fun manyConcurrentAsyncCalls() = runBlocking {
        val results = (1..200).map { async { versionAsync() } }.awaitAll()
        assertEquals(setOf(version()), results.toSet())
    }

    @Test
    fun errorCodesMapToExceptionClasses() {
        val cases: List<Pair<String, Class<out BlajarplusException>>> = listOf(
            "not_found" to BlajarplusException.NotFound::class.java,
            "validation" to BlajarplusException.Validation::class.java,
            "conflict" to BlajarplusException.Conflict::class.java,
            "invalid_transition" to BlajarplusException.InvalidTransition::class.java,
            "forbidden" to BlajarplusException.Forbidden::class.java,
            "unauthenticated" to BlajarplusException.Unauthenticated::class.java,
            "payment_rejected" to BlajarplusException.PaymentRejected::class.java,
            "config" to BlajarplusException.Config::class.java,
            "database" to BlajarplusException.Database::class.java,
            "internal" to BlajarplusException.Internal::class.java,
        )
        for ((code, cls) in cases) {
            val err = assertThrows(cls) { raiseErrorForTest(code, "boom $code", null) }
            assertEquals(code, err.code())
            assertTrue(err.message!!.contains("boom $code"), err.message)
        }
    }

    @Test
    fun validationCarriesTheField() {
        val err = assertThrows(BlajarplusException.Validation::class.java) {
            raiseErrorForTest("validation", "must be positive", "price")
        }
        assertEquals("price", err.field)
        assertEquals("must be positive", err.reason)
        val noField = assertThrows(BlajarplusException.Validation::class.java) {
            raiseErrorForTest("validation", "bad", null)
        }
        assertNull(noField.field)
    }

    @Test
    fun unknownCodesAreKept() {
        val err = assertThrows(BlajarplusException.Unknown::class.java) {
            raiseErrorForTest("brand_new_code", "new", null)
        }
        assertEquals("brand_new_code", err.code)
        assertEquals("brand_new_code", err.code())
    }

    @Test
    fun asyncErrorsAreThrownFromSuspendFunctions() = runBlocking {
        val err = try {
            raiseErrorForTestAsync("conflict", "slot taken", null)
            null
        } catch (e: BlajarplusException.Conflict) {
            e
        }
        assertEquals("slot taken", err?.reason)
        assertEquals("conflict", err?.code())
    }

    @Test
    fun aPanicBecomesAnExceptionNotACrash() {
        val err = assertThrows(InternalException::class.java) { panicForTest("boom in Rust") }
        assertTrue(err.message!!.contains("boom in Rust"), err.message)
        // The library is still usable afterwards.
        assertEquals(expectedVersion, version())
    }

    @Test
    fun aPanicInAnAsyncCallBecomesAnException() = runBlocking {
        val err = try {
            panicForTestAsync("boom on the runtime")
            null
        } catch (e: InternalException) {
            e
        }
        assertTrue(err?.message.orEmpty().contains("boom on the runtime"), err?.message)
        // The runtime survives a panicked task.
        assertEquals(version(), versionAsync())
    }
}
