// What index.d.ts declares matches what the addon exports: the string enums are values too
// (each run-time enum object declared as a const of its type), the kinds of text and number
// are named, and the book's table of error codes (docs/src/node.md) is core's (`blajarplus::Error::CODES`).
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const binding = require('../index.js')
const { parseDeclarations } = require('./contract.cjs')

const DTS = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')
const pascal = (value) => value.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')

/** The run-time exports that are string enums: plain objects of strings. */
function runtimeEnums() {
  return Object.entries(binding)
    .filter(([, v]) => v && typeof v === 'object' && !Array.isArray(v))
    .filter(([, v]) => Object.values(v).length > 0 && Object.values(v).every((x) => typeof x === 'string'))
}

test('every run-time enum object is declared as a value of its type in index.d.ts', () => {
  const { unions } = parseDeclarations()
  const enums = runtimeEnums()
  assert.ok(enums.length >= 25, `only ${enums.length} enum objects`)
  for (const [name, object] of enums) {
    assert.match(DTS, new RegExp(`^export declare const ${name}: EnumObject<${name}>$`, 'm'), `${name} is not declared as a value`)
    assert.deepEqual(Object.values(object).sort(), [...(unions.get(name) ?? [])].sort(), `${name}: values differ from its type`)
    // EnumObject<T> keys each value by its PascalCase: so does napi.
    for (const [key, value] of Object.entries(object)) assert.equal(key, pascal(value), `${name}.${key}`)
  }
})

test('every enum const declared in index.d.ts exists at run time (ESM too)', async () => {
  const declared = [...DTS.matchAll(/^export declare const (\w+): EnumObject<\w+>$/gm)].map((m) => m[1])
  assert.deepEqual(declared.sort(), runtimeEnums().map(([name]) => name).sort())
  const esm = await import('../index.js')
  for (const name of declared) assert.equal(esm[name], binding[name], `import { ${name} }`)
})

test('the kinds of text and number are declared', () => {
  const { aliases } = parseDeclarations()
  for (const name of ['Uuid', 'Decimal', 'LocalDate', 'LocalTime']) assert.equal(aliases.get(name), 'string', name)
  for (const name of ['Int', 'Float']) assert.equal(aliases.get(name), 'number', name)
})

/** The `| \`code\` | … |` rows of the table in the book's Node chapter, section Errors. */
function documentedCodes() {
  const chapter = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'src', 'node.md'), 'utf8')
  const section = /^## Errors\n([\s\S]*?)^## /m.exec(chapter)
  assert.ok(section, 'no Errors section in docs/src/node.md')
  const codes = [...section[1].matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1])
  assert.ok(codes.length > 0, 'no error code table in docs/src/node.md, section Errors')
  return codes
}

test("the book's Node chapter lists exactly core's error codes", () => {
  const core = binding._coreErrorCodes()
  assert.ok(core.includes('validation') && core.includes('config'), core.join())
  assert.deepEqual([...documentedCodes()].sort(), [...core].sort())
})

test('ErrorCode (the type of err.code, and its object) is exactly core\'s codes', () => {
  const core = [...binding._coreErrorCodes()].sort()
  assert.deepEqual(Object.values(binding.ErrorCode).sort(), core)
  assert.deepEqual([...parseDeclarations().unions.get('ErrorCode')].sort(), core)
})
