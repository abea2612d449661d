// Logging is opt-in: setLogger(callback) hands the callback one object per library event —
// level, target, message, fields, and the spans it happened in (the use case with its ids) —
// never a password or an email; setLogger(null) stops it. Records arrive asynchronously.
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')

const { Marketplace, setLogger, LogLevel } = require('../index.js')

const PASSWORD = 'Rahasia-Node-7331'
const WRONG_PASSWORD = 'Salah-Node-1337'
const EMAIL = 'siti.logging@example.id'

/** The first record of `records` that `match`es, waiting for it (at most 10 s). */
async function until(records, match) {
  for (let i = 0; i < 1000; i++) {
    const found = records.find(match)
    if (found) return found
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  assert.fail(`no such record among ${records.length}:\n${JSON.stringify(records.slice(-5), null, 1)}`)
}

const useCase = (record) => record.spans.at(-1)

test('setLogger forwards use cases and SQL statements, never secrets; null stops it', async () => {
  const m = await Marketplace.open('sqlite::memory:')
  const records = []
  setLogger((record) => records.push(record), LogLevel.Debug)
  const user = await m.registerUser({ role: 'student', fullName: 'Siti', email: EMAIL, password: PASSWORD })
  await assert.rejects(m.login(EMAIL, WRONG_PASSWORD), { code: 'unauthenticated' })
  await m.login(EMAIL, PASSWORD)

  const failed = await until(records, (r) => r.message === 'failed' && useCase(r)?.name === 'login')
  assert.equal(failed.level, 'warn')
  assert.equal(failed.target, 'blajarplus::marketplace')
  assert.equal(failed.fields['error.code'], 'unauthenticated')
  const done = await until(records, (r) => r.message === 'done' && useCase(r)?.name === 'login')
  assert.equal(useCase(done).fields['user.id'], user.id)
  assert.equal(done.level, 'debug')
  const insert = await until(
    records,
    (r) => r.target === 'sqlx::query' && /^INSERT INTO users/.test(r.fields.summary) && useCase(r)?.name === 'register_user',
  )
  assert.equal(insert.level, 'debug')
  assert.equal(useCase(insert).fields['user.role'], 'student')
  const text = JSON.stringify(records)
  for (const secret of [PASSWORD, WRONG_PASSWORD, EMAIL, '$argon2']) {
    assert.ok(!text.includes(secret), `${secret} was logged`)
  }

  // Off: nothing of the next call reaches any callback.
  setLogger(null)
  await m.me({ userId: user.id, role: 'student' })
  // On again above debug: a refused call still names its use case.
  const warnings = []
  setLogger((record) => warnings.push(record), LogLevel.Warn)
  await assert.rejects(m.login(EMAIL, WRONG_PASSWORD), { code: 'unauthenticated' })
  const refused = await until(warnings, (r) => r.message === 'failed')
  assert.deepEqual(refused.spans.map((s) => s.name), ['login'])
  assert.ok(warnings.every((r) => r.level === 'warn' || r.level === 'error'), JSON.stringify(warnings))
  const all = [...records, ...warnings]
  assert.ok(!all.some((r) => r.spans.some((s) => s.name === 'me')), 'a record while the logger was off')
  setLogger(null)
  await m.close()
})

test('setLogger refuses what is not a function or a level', () => {
  assert.throws(() => setLogger('console.log'))
  assert.throws(() => setLogger(() => {}, 'loud'))
  setLogger(null)
})
