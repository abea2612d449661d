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

    /** `not_found` → `NotFound`: the exception class (Kotlin) and error case (Swift) of a code. */
    private fun className(code: String): String =
        code.split('_').joinToString("") { part -> part.replaceFirstChar { it.uppercase() } }

    @Test
    fun everyCoreCodeHasItsExceptionClass() {
        // errorCodes() is core's Error::CODES; every code has its class, and there is no other
        // class than those and Unknown (a code this binding does not know yet).
        val codes = errorCodes()
        assertTrue(codes.containsAll(listOf("not_found", "validation", "internal")), codes.toString())
        for (code in codes) {
            val err = assertThrows(BlajarplusException::class.java) { raiseErrorForTest(code, "boom $code", null) }
            assertEquals(className(code), err::class.simpleName, code)
            assertEquals(code, err.code())
            assertTrue(err.message!!.contains("boom $code"), err.message)
        }
        assertEquals(
            (codes.map(::className) + "Unknown").toSet(),
            BlajarplusException::class.sealedSubclasses.map { it.simpleName }.toSet(),
        )
    }

    @Test
    fun theBookTableListsEveryCode() {
        // docs/src/mobile.md, section Errors: one row per code, `| `BlajarplusException.X` | `BlajarplusError.X` | `code` | … |`.
        val chapter = java.io.File(System.getProperty("blajarplus.repo"), "docs/src/mobile.md").readText()
        assertTrue(chapter.contains("\n## Errors\n"), "docs/src/mobile.md has no Errors section")
        val section = chapter.substringAfter("\n## Errors\n").substringBefore("\n## ")
        val row = Regex("""^\| `BlajarplusException\.(\w+)` \| `BlajarplusError\.(\w+)` \| `(\w+)` \|""", RegexOption.MULTILINE)
        val rows = row.findAll(section).map { it.groupValues.drop(1) }.toList()
        assertEquals(errorCodes(), rows.map { it[2] }, "the book's Kotlin error table, in core's order")
        for ((kotlin, swift, code) in rows) {
            assertEquals(className(code), kotlin, code)
            assertEquals(className(code), swift, code)
        }
        assertTrue(section.contains("`BlajarplusException.Unknown`"), "docs/src/mobile.md does not mention Unknown")
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
