// The contract at the edge, as a generated table: for every facade method (the list of
// .ci/facade_methods.py), every argument and every property of an input object, as declared in
// the shipped index.d.ts, every bad value of its kind — each call must return a Promise (never
// throw) that rejects with code 'validation', `field` naming the input and the message starting
// with its JS path, and write nothing. The kinds come from the declarations (`Uuid`, `Decimal`,
// `Int`, enums, interfaces, …): a method, argument or field whose declared type has no row here
// fails, so a new facade method is covered (or fails) without editing this file. Run on each
// backend by sqlite.test.cjs and postgres.test.cjs. Not a test file itself.
'use strict'

const { describe, test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')

const { Marketplace, FixedClock } = require('../index.js')
const { START } = require('./story.cjs')

const ROOT = path.join(__dirname, '..', '..')
const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())

/** Facade methods that take no argument (a new one must be listed here, or take arguments). */
const NO_ARGUMENTS = new Set(['catalog', 'runDue', 'verifyLedger'])

// ---- index.d.ts, parsed ------------------------------------------------------------------------

/** The declarations: Marketplace's methods, the interfaces, the string unions, the aliases. */
function parseDeclarations() {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')
  const body = /export declare class Marketplace \{\n([\s\S]*?)\n\}/.exec(dts)
  assert.ok(body, 'no Marketplace class in index.d.ts')
  const methods = new Map()
  for (const m of body[1].matchAll(/^ {2}(static )?(\w+)\((.*)\): Promise<.*>$/gm)) {
    methods.set(m[2], { isStatic: Boolean(m[1]), params: parseList(m[3]) })
  }
  const interfaces = new Map()
  for (const m of dts.matchAll(/^export interface (\w+) \{\n([\s\S]*?)\n\}/gm)) {
    const fields = m[2]
      .split('\n')
      .map((line) => /^ {2}(\w+)(\??): (.+)$/.exec(line))
      .filter(Boolean)
      .map(([, name, optional, type]) => ({ name, ...typeOf(type, optional === '?') }))
    interfaces.set(m[1], fields)
  }
  const unions = new Map()
  const aliases = new Map()
  for (const m of dts.matchAll(/^export type (\w+) = (.+)$/gm)) {
    if (/^'[^']*'( \| '[^']*')*$/.test(m[2])) {
      unions.set(m[1], m[2].split(' | ').map((v) => v.slice(1, -1)))
    } else {
      aliases.set(m[1], m[2])
    }
  }
  return { methods, interfaces, unions, aliases }
}

/** `a: T, b?: U | undefined | null` → [{ name, type, optional }]. */
function parseList(text) {
  const params = []
  let depth = 0
  let current = ''
  for (const ch of text) {
    if (ch === '<' || ch === '(') depth++
    if (ch === '>' || ch === ')') depth--
    if (ch === ',' && depth === 0) {
      params.push(current)
      current = ''
    } else {
      current += ch
    }
  }
  if (current.trim()) params.push(current)
  return params.map((p) => {
    const [, name, optional, type] = /^\s*(\w+)(\??): (.+)$/.exec(p)
    return { name, ...typeOf(type.trim(), optional === '?') }
  })
}

/** A declared type: `T | undefined | null` is an optional T. */
function typeOf(type, optional) {
  const nullable = / \| undefined \| null$/.exec(type)
  return {
    type: nullable ? type.slice(0, nullable.index) : type,
    optional: optional || Boolean(nullable),
  }
}

// ---- the kinds: a valid value and the bad ones -------------------------------------------------

const uuid = () => crypto.randomUUID()

/**
 * For each leaf kind: `valid()` and the bad values, each refused with 'validation'. `null` and
 * `undefined` are added for every required value; optional values accept both.
 */
const LEAVES = {
  Uuid: {
    valid: uuid,
    bad: () => [12345, true, {}, [], 'not-a-uuid', '', ` ${uuid()}`, `{${uuid()}}`, uuid().replace(/-/g, '')],
  },
  Decimal: {
    valid: () => '1000',
    bad: () => [150000, 1.5, 'NaN', 'Infinity', '-Infinity', '', 'abc', '1e30', '1,5', ' 1', '+1', {}, true],
  },
  LocalDate: {
    valid: () => '2030-01-31',
    bad: () => ['2030-02-30', 'tomorrow', '31/01/2030', 20300131, new Date(START), {}],
  },
  LocalTime: { valid: () => '10:00', bad: () => ['25:00', '4pm', '', 1600, {}] },
  Int: {
    valid: () => 60,
    bad: () => [60.5, NaN, Infinity, -Infinity, '60', 2 ** 53, -(2 ** 53), 1e300, true, 10n, {}],
  },
  Float: { valid: () => 1.5, bad: () => [NaN, Infinity, -Infinity, '1.5', true, {}] },
  string: { valid: () => 'x', bad: () => [42, true, {}, [], Symbol('s'), () => 'x'] },
  boolean: { valid: () => true, bad: () => ['yes', 'true', 1, 0, {}, []] },
  Date: {
    valid: () => new Date(START),
    bad: () => ['2030-01-01', +START, new Date('garbage'), new Date(NaN), {}, []],
  },
  // A JSON value: `null` is one (so only a missing one is "required").
  any: { valid: () => ({}), bad: () => [() => 1, Symbol('j'), { n: NaN }, [Infinity]], json: true },
  'string | Uint8Array': {
    valid: () => '{}',
    bad: () => [42, {}, [], true, new Uint16Array(2), new Float64Array(1)],
  },
}

/** Builds the kind of a declared type: { valid(), bad(): [{ value, path, field }] }. */
function kinds(decl, world) {
  const kindOf = (type, where) => {
    if (LEAVES[type]) return leaf(LEAVES[type])
    if (type === 'number') {
      throw new Error(`${where}: a plain number; declare it Int or Float in the binding`)
    }
    if (type === 'FixedClock') {
      return {
        valid: () => new FixedClock(START),
        bad: () => [{}, 'clock', 42, world.m, { now: () => new Date() }, Object.create(FixedClock.prototype)],
      }
    }
    const array = /^Array<(.+)>$/.exec(type)
    if (array) return arrayOf(kindOf(array[1], `${where}[]`))
    if (decl.unions.has(type)) return enumOf(decl.unions.get(type))
    if (decl.interfaces.has(type)) return objectOf(decl.interfaces.get(type), where)
    throw new Error(`${where}: no rows for the declared type ${type}; add its kind to contract.cjs`)
  }
  const leaf = ({ valid, bad, json }) => ({ valid, bad, json })
  const enumOf = (values) => ({
    valid: () => values[0],
    bad: () => ['nope', '', values[0].toUpperCase(), ` ${values[0]}`, 42, {}, []],
  })
  const arrayOf = (element) => ({
    valid: () => [element.valid()],
    bad: () => ['x', 42, {}, true],
    // The first element is checked with every bad value of its kind.
    children: () => [{ key: 0, kind: element, optional: false }],
    build: (items) => items,
  })
  const objectOf = (fields, where) => {
    const children = fields.map((f) => ({ key: f.name, kind: kindOf(f.type, `${where}.${f.name}`), optional: f.optional }))
    return {
      valid: () => Object.fromEntries(children.filter((c) => !c.optional).map((c) => [c.key, c.kind.valid()])),
      bad: () => ['x', 42, true, [], () => ({})],
      children: () => children,
    }
  }
  return kindOf
}

/**
 * Every bad value of the input `kind` found at `path` (`field`: its innermost name), as
 * [{ value: the whole input with the bad value inside, path, field }].
 */
function badInputs(kind, optional, path, field) {
  const rows = []
  if (!optional) {
    rows.push({ value: undefined, path, field, what: 'undefined' })
    if (!kind.json) rows.push({ value: null, path, field, what: 'null' })
  }
  for (const value of kind.bad()) rows.push({ value, path, field, what: show(value) })
  for (const child of kind.children?.() ?? []) {
    const isIndex = typeof child.key === 'number'
    const childPath = isIndex ? `${path}[${child.key}]` : `${path}.${child.key}`
    const childField = isIndex ? field : child.key
    for (const row of badInputs(child.kind, child.optional, childPath, childField)) {
      const whole = kind.valid()
      if (row.value === undefined && !isIndex) delete whole[child.key]
      else whole[child.key] = row.value
      rows.push({ ...row, value: whole })
    }
  }
  return rows
}

function show(value) {
  if (typeof value === 'symbol') return value.toString()
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'function') return 'a function'
  if (value instanceof Date) return `Date(${value.getTime()})`
  if (ArrayBuffer.isView(value)) return value.constructor.name
  if (typeof value === 'object' && value !== null && value.constructor !== Object && !Array.isArray(value)) {
    return `a ${value.constructor.name}`
  }
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** Every row of the table: each facade method, each argument, each bad value. */
function table(world) {
  const decl = parseDeclarations()
  const script = path.join(ROOT, '.ci', 'facade_methods.py')
  const facade = JSON.parse(execFileSync('python3', [script, '--binding', 'node', '--json'], { encoding: 'utf8' })).map(camel)
  assert.ok(facade.length > 10, 'facade_methods.py listed too few methods')
  const kindOf = kinds(decl, world)
  const rows = []
  const covered = new Set()
  for (const name of facade) {
    const method = decl.methods.get(name)
    assert.ok(method, `facade method ${name} is not declared on Marketplace in index.d.ts`)
    if (method.params.length === 0) {
      assert.ok(NO_ARGUMENTS.has(name), `${name} takes no argument: list it in NO_ARGUMENTS, or bind its arguments`)
      continue
    }
    assert.ok(!NO_ARGUMENTS.has(name), `${name} takes arguments now: remove it from NO_ARGUMENTS`)
    const params = method.params.map((p) => ({ ...p, kind: kindOf(p.type, `${name}(${p.name})`) }))
    for (const [i, param] of params.entries()) {
      const inputs = badInputs(param.kind, param.optional, param.name, param.name)
      assert.ok(inputs.length > 0, `${name}(${param.name}): no bad values`)
      for (const input of inputs) {
        rows.push({
          method: name,
          isStatic: method.isStatic,
          // The other arguments valid, built afresh for every row.
          args: () => params.map((p, j) => (j === i ? input.value : p.kind.valid())),
          ...input,
        })
      }
      covered.add(`${name}(${param.name})`)
    }
  }
  return { rows, covered, facade }
}

// ---- the suite ----------------------------------------------------------------------------------

/** What a call could have written, as the facade shows it (compared before and after). */
async function snapshot(m, actor) {
  const catalog = await m.catalog()
  return {
    ledger: await m.verifyLedger(),
    categories: catalog.categories.length,
    subjects: catalog.subjects.length,
    tutors: (await m.searchTutors({ limit: 50 })).total,
    me: await m.me(actor),
    addresses: await m.listAddresses(actor),
    notifications: await m.unreadNotificationCount(actor),
    bookings: await m.myBookings(actor, new Date(0), new Date(+START + 3650 * 86_400_000)),
    purchases: await m.myPurchases(actor),
  }
}

/** Registers the contract table against the database `url()` (read when it runs). */
function defineContract(backend, url) {
  describe(`the contract at the edge on ${backend} (generated from index.d.ts)`, () => {
    const world = {}
    before(async () => {
      world.m = await Marketplace.open(url(), { clock: new FixedClock(START) })
      const user = await world.m.registerUser({
        role: 'student',
        fullName: 'Contract',
        email: `contract.${crypto.randomBytes(4).toString('hex')}@example.id`,
      })
      world.actor = { userId: user.id, role: 'student' }
    })
    after(() => world.m.close())

    test('every facade method, every argument, every bad value: a rejected Promise, nothing written', async (t) => {
      const { m, actor } = world
      const { rows, covered, facade } = table(world)
      const before = await snapshot(m, actor)
      const failures = []
      for (const row of rows) {
        const label = `${row.method}: ${row.path} = ${row.what}`
        const target = row.isStatic ? Marketplace : m
        let promise
        try {
          promise = target[row.method](...row.args())
        } catch (err) {
          failures.push(`${label}: threw ${err?.constructor?.name} ${err?.code}: ${err?.message}`)
          continue
        }
        if (!(promise instanceof Promise)) {
          failures.push(`${label}: returned ${show(promise)}, not a Promise`)
          continue
        }
        const outcome = await promise.then(
          (value) => `resolved with ${show(value)}`,
          (err) => {
            if (!(err instanceof TypeError || err instanceof RangeError)) {
              return `rejected with ${err?.constructor?.name} ${err?.code}: ${err?.message}`
            }
            if (err.code !== 'validation') return `code ${err.code}: ${err.message}`
            if (err.field !== row.field) return `field ${err.field}, expected ${row.field}: ${err.message}`
            if (!err.message.startsWith(`${row.path}: `)) return `message does not name ${row.path}: ${err.message}`
            return null
          },
        )
        if (outcome) failures.push(`${label}: ${outcome}`)
      }
      assert.deepEqual(failures, [], `${failures.length} of ${rows.length} rows failed`)
      assert.deepEqual(await snapshot(m, actor), before, 'a refused call wrote something')
      // Every facade method with arguments has rows, for each of its arguments.
      const methods = new Set([...covered].map((c) => c.split('(')[0]))
      assert.deepEqual(
        facade.filter((name) => !methods.has(name) && !NO_ARGUMENTS.has(name)),
        [],
      )
      assert.ok(rows.length > 1000, `only ${rows.length} rows`)
      t.diagnostic(`${rows.length} rows over ${covered.size} arguments of ${methods.size} methods`)
    })
  })
}

module.exports = { defineContract, parseDeclarations, table }
