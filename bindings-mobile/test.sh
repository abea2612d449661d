#!/usr/bin/env bash
# Build the blajarplus-mobile cdylib, generate its Kotlin and Swift bindings in library mode,
# `mvn install` the Kotlin bindings as the Maven artifact id.blajarplus:blajarplus-kotlin (Maven
# project in kotlin/: the generated Kotlin plus the cdylib as a JNA resource under
# linux-x86-64/; its JUnit tests — the contract table and the close tests on an SQLite file and
# on PostgreSQL — run first, loading the library from the classes as JNA will from the jar),
# check the jar's contents, run the Kotlin quickstart (examples/kotlin, which depends on the
# artifact by its coordinates) on an SQLite file, check the generated Swift files (no Swift
# toolchain on this machine: not compiled), and check that every facade method of core
# (.ci/facade_methods.py) is bound in both languages.
# Idempotent; needs a Rust toolchain, a JDK (17+), Maven, python3 and PostgreSQL's psql; the rest
# comes from crates.io and Maven Central. PostgreSQL: the server at BLAJARPLUS_TEST_PG_URL (as
# .ci/test-all.sh starts it), else a throwaway cluster from .ci/pg.sh; the Kotlin tests create
# their databases there (named $BLAJARPLUS_TEST_PG_PREFIX_…), dropped again at the end.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
OUT="$REPO/target/uniffi"
LIB_DIR="$CARGO_TARGET_DIR/debug"
LIB="$LIB_DIR/libblajarplus_mobile.so"
# uniffi-bindgen is its own workspace (see uniffi-bindgen/Cargo.toml) with its own target dir.
BINDGEN_TARGET="$REPO/target/uniffi-bindgen"
BINDGEN="$BINDGEN_TARGET/debug/uniffi-bindgen"

step() { printf '\n==> [mobile] %s\n' "$*"; }
start=$SECONDS

PG_PREFIX=""
cleanup() {
    if [ -n "$PG_PREFIX" ]; then
        for db in $(psql "$BLAJARPLUS_TEST_PG_URL" -qAt -c \
            "SELECT datname FROM pg_database WHERE starts_with(datname, '${PG_PREFIX}_')" 2>/dev/null); do
            psql "$BLAJARPLUS_TEST_PG_URL" -qAt -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
        done
    fi
    if declare -F pg_stop >/dev/null; then pg_stop; fi
}
trap cleanup EXIT

step "cargo build -p blajarplus-mobile (cdylib)"
cargo build -p blajarplus-mobile --manifest-path "$REPO/Cargo.toml"
[ -s "$LIB" ] || { echo "missing $LIB" >&2; exit 1; }

step "cargo build uniffi-bindgen (separate workspace, pinned uniffi)"
cargo build --locked --manifest-path "$HERE/uniffi-bindgen/Cargo.toml" --target-dir "$BINDGEN_TARGET"

step "generate Kotlin and Swift bindings (library mode) -> $OUT"
rm -rf "$OUT"
# Run from the repo root: library mode finds the crate (and its uniffi.toml) via cargo metadata.
# --no-format: ktlint and swift-format are not installed (the output is only compiled, not read).
(cd "$REPO" && "$BINDGEN" generate "$LIB" --language kotlin --out-dir "$OUT/kotlin" --metadata-no-deps --no-format)
(cd "$REPO" && "$BINDGEN" generate "$LIB" --language swift --out-dir "$OUT/swift" --metadata-no-deps --no-format)
find "$OUT" -type f | sort

step "parity: every facade method (.ci/facade_methods.py) is in the generated Kotlin and Swift"
python3 - "$REPO/.ci/facade_methods.py" "$OUT" <<'PY'
import pathlib, re, subprocess, sys
script, out = sys.argv[1], pathlib.Path(sys.argv[2])
# The facade minus bindings-mobile/parity-pending.txt (a ratchet, see facade_methods.py).
names = subprocess.run([sys.executable, script, "--binding", "mobile"], check=True, capture_output=True, text=True).stdout.split()
pending = subprocess.run([sys.executable, script, "--pending", "mobile"], check=True, capture_output=True, text=True).stdout.split()
kotlin = "\n".join(p.read_text() for p in sorted((out / "kotlin").rglob("*.kt")))
swift = (out / "swift" / "Blajarplus.swift").read_text()
missing = []
for name in names:
    camel = re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), name)
    # Kotlin `suspend fun `name`(`, Swift `func name(`; either may quote a keyword (`open`).
    if not re.search(r"\bfun `?%s`?\(" % camel, kotlin):
        missing.append(f"{name} (Kotlin {camel})")
    if not re.search(r"\bfunc `?%s`?\(" % camel, swift):
        missing.append(f"{name} (Swift {camel})")
for name in pending:
    camel = re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), name)
    if re.search(r"\bfun `?%s`?\(" % camel, kotlin):
        missing.append(f"{name} is bound now: remove it from bindings-mobile/parity-pending.txt")
if missing:
    sys.exit("facade methods missing from the mobile bindings:\n  " + "\n  ".join(missing))
print(f"all {len(names)} facade methods are bound in Kotlin and Swift")
PY

step "PostgreSQL: the server for the Kotlin tests (each creates its own database)"
if [ -z "${BLAJARPLUS_TEST_PG_URL:-}" ]; then
    # shellcheck source=../.ci/pg.sh
    source "$REPO/.ci/pg.sh"
    pg_start
fi
psql "$BLAJARPLUS_TEST_PG_URL" -qAt -v ON_ERROR_STOP=1 -c "SELECT 1" >/dev/null
PG_PREFIX="blajarplus_kt_$(date +%s)_$RANDOM"
export BLAJARPLUS_TEST_PG_URL BLAJARPLUS_TEST_PG_PREFIX="$PG_PREFIX"
echo "databases ${PG_PREFIX}_*"

step "Kotlin: mvn install of id.blajarplus:blajarplus-kotlin (JUnit 5 through JNA first)"
version="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' "$REPO/Cargo.toml")"
[ -n "$version" ] || { echo "workspace version not found in Cargo.toml" >&2; exit 1; }
# The artifact's version, and the one the example asks for, are the workspace's.
python3 - "$version" "$HERE/kotlin/pom.xml" "$REPO/examples/kotlin/pom.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
version, artifact, example = sys.argv[1:]
found = {
    artifact: ET.parse(artifact).getroot().findtext("m:version", namespaces=ns),
    example: ET.parse(example).getroot().findtext("m:properties/m:blajarplus.version", namespaces=ns),
}
wrong = [f"{pom}: {v}" for pom, v in found.items() if v != version]
sys.exit(f"not the workspace version {version}: " + ", ".join(wrong) if wrong else 0)
PY
# The JNA resource folder of this platform; the debug build's DWARF stripped (it is most of
# the library's 50 MB).
NATIVE="$OUT/native"
mkdir -p "$NATIVE/linux-x86-64"
strip --strip-debug -o "$NATIVE/linux-x86-64/libblajarplus_mobile.so" "$LIB"
# The panic tests panic on purpose: their message is enough, not a backtrace.
RUST_BACKTRACE=0 mvn -q -B -Dstyle.color=never -f "$HERE/kotlin/pom.xml" install \
    -Duniffi.kotlin.dir="$OUT/kotlin" \
    -Duniffi.native.dir="$NATIVE" \
    -DexpectedCoreVersion="$version"
echo  # Maven 3.8 prints bare ANSI resets even in batch mode
python3 - "$HERE/kotlin/target/surefire-reports" <<'PY'
import pathlib, sys, xml.etree.ElementTree as ET
tests = failures = 0
for report in pathlib.Path(sys.argv[1]).glob("TEST-*.xml"):
    suite = ET.parse(report).getroot()
    tests += int(suite.get("tests", 0))
    failures += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
print(f"Kotlin/JUnit: {tests - failures} passed, {failures} failed")
sys.exit(1 if tests == 0 or failures else 0)
PY

step "the installed jar: the Kotlin API and the native library for linux-x86-64"
# (Without the bare ANSI resets Maven 3.8 prints even in batch mode.)
M2_REPO="$(mvn -q -B -Dstyle.color=never -f "$HERE/kotlin/pom.xml" \
    org.apache.maven.plugins:maven-help-plugin:3.5.2:evaluate -Dexpression=settings.localRepository -DforceStdout \
    | sed 's/\x1b\[[0-9;]*m//g')"
JAR="$M2_REPO/id/blajarplus/blajarplus-kotlin/$version/blajarplus-kotlin-$version.jar"
[ -s "$JAR" ] || { echo "not installed: $JAR" >&2; exit 1; }
echo "$JAR"
jar tf "$JAR" > "$OUT/jar-contents.txt"
for entry in linux-x86-64/libblajarplus_mobile.so blajarplus/Marketplace.class; do
    grep -qx "$entry" "$OUT/jar-contents.txt" || { echo "$JAR lacks $entry" >&2; exit 1; }
done
echo "$(wc -l < "$OUT/jar-contents.txt") entries, among them linux-x86-64/libblajarplus_mobile.so"

step "Kotlin quickstart (examples/kotlin, depends on id.blajarplus:blajarplus-kotlin:$version) on an SQLite file"
mvn -q -B -Dstyle.color=never -f "$REPO/examples/kotlin/pom.xml" compile exec:exec
echo

step "Swift: generated files exist and export the API (not compiled: no Swift toolchain here)"
for f in Blajarplus.swift BlajarplusFFI.h BlajarplusFFI.modulemap; do
    [ -s "$OUT/swift/$f" ] || { echo "missing generated $f" >&2; exit 1; }
done
grep -q 'public func version() -> String' "$OUT/swift/Blajarplus.swift"
grep -q 'public func versionAsync() *async *-> String' "$OUT/swift/Blajarplus.swift"
grep -Ezq 'public\s+enum BlajarplusError: Swift.Error' "$OUT/swift/Blajarplus.swift"
grep -q 'open class Marketplace' "$OUT/swift/Blajarplus.swift"
grep -q 'case Unauthenticated(' "$OUT/swift/Blajarplus.swift"
grep -q 'public struct MessageCursor' "$OUT/swift/Blajarplus.swift"
grep -Ezq 'func searchTutors\(query: TutorSearch\) *async *throws *-> *SearchPage' "$OUT/swift/Blajarplus.swift"
grep -Ezq 'public struct SearchPage[^}]*public var totalExact: Bool' "$OUT/swift/Blajarplus.swift"
grep -q 'public typealias UtcDateTime = Date' "$OUT/swift/Blajarplus.swift"
grep -q 'uniffi_blajarplus_mobile_fn_func_version' "$OUT/swift/BlajarplusFFI.h"
grep -q 'module BlajarplusFFI' "$OUT/swift/BlajarplusFFI.modulemap"
echo "swift files ok"

step "OK in $((SECONDS - start)) s"
