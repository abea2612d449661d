// The reference service over real HTTP: server.mjs runs in a child process on a free loopback
// port (PORT=0; the port is read from its first line of output) and fetch drives it, on a fresh
// SQLite file and on a fresh PostgreSQL database.
//
// What it checks: a tutor onboards, two students sign up, one finds the tutor, books a slot and
// pays it through a signed Midtrans notification, then another through a Xendit callback; a
// forged notification is refused with 400 and changes nothing, a replay is answered 200
// (`duplicate`); the other student cannot read, pay or cancel the booking (403/404); bad input
// is a 422 naming the field; and on PostgreSQL, a webhook that meets a dropped database is a 503
// so the provider retries.
//
// Run by examples/services/test.sh (which sets BLAJARPLUS_TEST_PG_URL, a server where this test
// may create databases): node --test
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'

const here = import.meta.dirname
const midtransKey = 'SB-Mid-server-service-test'
const xenditToken = 'xnd-callback-service-test'

/** Starts server.mjs on `databaseUrl`; resolves to { url, stop } once it listens. */
function startService(databaseUrl) {
  const child = spawn(process.execPath, ['server.mjs'], {
    cwd: here,
    env: {
      ...process.env,
      BLAJARPLUS_DATABASE_URL: databaseUrl,
      MIDTRANS_SERVER_KEY: midtransKey,
      XENDIT_CALLBACK_TOKEN: xenditToken,
      PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', resolve)
      child.kill('SIGTERM')
    })
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server.mjs did not start:\n${out}`)), 60_000)
    child.stdout.on('data', (chunk) => {
      out += chunk
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (found) {
        clearTimeout(timer)
        resolve({ url: found[1], stop })
      }
    })
    child.once('exit', (code) => reject(new Error(`server.mjs exited with ${code}:\n${out}`)))
  })
}

const psql = (adminUrl, sql) =>
  execFileSync('psql', [adminUrl, '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
  })

/** A client of one running service: `call(method, path, { json, body, headers })`. */
function client(base) {
  return async (method, path, { json, body, headers = {} } = {}) => {
    const res = await fetch(base + path, {
      method,
      headers: json === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: json === undefined ? body : JSON.stringify(json),
    })
    return { status: res.status, body: await res.json() }
  }
}

/** Asserts the status and returns the JSON body. */
function ok({ status, body }, expected = 200) {
  assert.equal(status, expected, JSON.stringify(body))
  return body
}

function midtransBody(payment, key, transactionId) {
  const gross = `${payment.amount.split('.')[0]}.00` // whole rupiah; Midtrans sends "175000.00"
  const signature = createHash('sha512').update(`${payment.id}200${gross}${key}`).digest('hex')
  return JSON.stringify({
    transaction_status: 'settlement',
    status_code: '200',
    order_id: payment.id,
    gross_amount: gross,
    currency: 'IDR',
    payment_type: 'bank_transfer',
    transaction_id: transactionId,
    fraud_status: 'accept',
    signature_key: signature,
  })
}

function xenditBody(payment) {
  // Xendit's amount is a JSON number; written from the decimal string's text, never a float.
  return `{"id":"579c8d61f23fa4ca35e52da4","external_id":"${payment.id}","status":"PAID",\
"amount":${payment.amount.split('.')[0]},"currency":"IDR","payment_method":"BANK_TRANSFER",\
"paid_at":"2030-01-01T00:00:00.000Z"}`
}

async function story(call, dropDatabase) {
  const signUp = async (role, email) => {
    ok(await call('POST', '/auth/register', {
      json: { role, full_name: email.split('@')[0], email, password: 'rahasia-123' },
    }), 201)
    const { token } = ok(await call('POST', '/auth/login', { json: { identifier: email, password: 'rahasia-123' } }))
    return { authorization: `Bearer ${token}` }
  }

  // A tutor onboards: profile, an offering from the catalogue, weekly hours, published.
  const tutor = await signUp('tutor', 'rina@example.id')
  const math = ok(await call('GET', '/catalog')).subjects.find((s) => s.name === 'Matematika')
  const profile = ok(await call('POST', '/tutor/profile', {
    headers: tutor,
    json: { hourly_rate: '150000', teaching_modes: ['online'], headline: 'Guru Matematika SMA', base_city: 'Jakarta' },
  }), 201)
  const offering = ok(await call('POST', '/tutor/subjects', {
    headers: tutor,
    json: { subject_id: math.id, level: 'sma', price_override: '175000' },
  }), 201)
  const hours = [0, 1, 2, 3, 4, 5, 6].map((d) => ({ day_of_week: d, start_time: '06:00', end_time: '22:00' }))
  ok(await call('PUT', '/tutor/availability', { headers: tutor, json: hours }))
  assert.equal(ok(await call('POST', '/tutor/publish', { headers: tutor })).status, 'active')

  // Two students; Budi finds the tutor and the free hours.
  const budi = await signUp('student', 'budi@example.id')
  const sari = await signUp('student', 'sari@example.id')
  const found = ok(await call('GET', '/tutors?text=matematika'))
  assert.deepEqual(found.items.map((t) => t.tutor_profile_id), [profile.id])
  assert.equal(found.items[0].min_price, '175000') // money stays a decimal string
  const slotsPath = `/tutors/${profile.id}/slots?duration_minutes=60`
  let slots = ok(await call('GET', slotsPath))
  assert.ok(slots.length > 0)

  const book = async (slot, provider) => {
    const draft = ok(await call('POST', '/bookings', {
      headers: budi,
      json: { tutor_subject_id: offering.id, start_at: slot.start, duration_minutes: 60, mode: 'online' },
    }), 201)
    assert.equal(draft.status, 'draft')
    const paying = ok(await call('POST', `/bookings/${draft.id}/checkout`, { headers: budi, json: { provider } }))
    assert.equal(paying.booking.status, 'pending_payment')
    return paying
  }
  const status = async (booking) => ok(await call('GET', `/bookings/${booking.id}`, { headers: budi })).status

  // Midtrans: forged → 400 and nothing changes; signed → 200 applied; replay → 200 duplicate.
  const { booking, payment } = await book(slots[0], 'midtrans')
  const forged = await call('POST', '/webhooks/midtrans', { body: midtransBody(payment, 'guessed', 'tx-1') })
  assert.equal(forged.status, 400, JSON.stringify(forged.body))
  assert.equal(forged.body.code, 'payment_rejected')
  assert.equal(await status(booking), 'pending_payment')
  const signed = midtransBody(payment, midtransKey, 'tx-1')
  assert.deepEqual(ok(await call('POST', '/webhooks/midtrans', { body: signed })), { outcome: 'applied' })
  assert.equal(await status(booking), 'confirmed')
  assert.deepEqual(ok(await call('POST', '/webhooks/midtrans', { body: signed })), { outcome: 'duplicate' })
  assert.equal(await status(booking), 'confirmed')

  // Xendit: a wrong or missing token → 400; the right one → 200 applied; replay → duplicate.
  // (The slots again: the first booking and the tutor's buffers around it are taken now.)
  slots = ok(await call('GET', slotsPath))
  assert.ok(!slots.some((s) => s.start === booking.start_at))
  const { booking: booking2, payment: payment2 } = await book(slots[0], 'xendit')
  const body = xenditBody(payment2)
  for (const headers of [{ 'x-callback-token': 'guessed' }, {}]) {
    const refused = await call('POST', '/webhooks/xendit', { body, headers })
    assert.equal(refused.status, 400, JSON.stringify(refused.body))
    assert.equal(refused.body.code, 'payment_rejected')
  }
  assert.equal(await status(booking2), 'pending_payment')
  const token = { 'x-callback-token': xenditToken }
  assert.deepEqual(ok(await call('POST', '/webhooks/xendit', { body, headers: token })), { outcome: 'applied' })
  assert.equal(await status(booking2), 'confirmed')
  assert.deepEqual(ok(await call('POST', '/webhooks/xendit', { body, headers: token })), { outcome: 'duplicate' })

  // IDOR: Sari holds Budi's booking ids, and gets nothing from them.
  for (const attempt of [
    await call('GET', `/bookings/${booking.id}`, { headers: sari }),
    await call('POST', `/bookings/${booking2.id}/checkout`, { headers: sari, json: { provider: 'midtrans' } }),
    await call('POST', `/bookings/${booking.id}/cancel`, { headers: sari, json: {} }),
  ]) {
    assert.ok([403, 404].includes(attempt.status), JSON.stringify(attempt))
    assert.ok(['forbidden', 'not_found'].includes(attempt.body.code), JSON.stringify(attempt))
  }
  assert.equal(await status(booking), 'confirmed')
  // No session, or a made-up one: 401.
  assert.equal((await call('GET', `/bookings/${booking.id}`)).status, 401)
  const bogus = { authorization: 'Bearer not-a-session' }
  assert.equal((await call('GET', `/bookings/${booking.id}`, { headers: bogus })).status, 401)

  // Bad input: 422 with the field, from the library and from the HTTP layer alike.
  const bad = await call('POST', '/bookings', {
    headers: budi,
    json: { tutor_subject_id: offering.id, start_at: slots[1].start, duration_minutes: 60, mode: 'teleport' },
  })
  assert.deepEqual([bad.status, bad.body.code, bad.body.field], [422, 'validation', 'mode'])
  const badTime = await call('GET', `/tutors/${profile.id}/slots?from=yesterday`)
  assert.deepEqual([badTime.status, badTime.body.field], [422, 'from'])
  const notJson = await call('POST', '/auth/login', { body: '{', headers: { 'content-type': 'application/json' } })
  assert.deepEqual([notJson.status, notJson.body.code], [422, 'validation'])

  // The database goes away (PostgreSQL: dropped under the service): a webhook gets a 5xx, so
  // the provider will deliver it again later.
  if (dropDatabase) {
    dropDatabase()
    const gone = await call('POST', '/webhooks/midtrans', { body: signed })
    assert.equal(gone.status, 503, JSON.stringify(gone.body))
    assert.equal(gone.body.code, 'database')
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'blajarplus-service-'))
after(() => rmSync(tmp, { recursive: true, force: true }))

test('SQLite: a booking paid through webhooks', async () => {
  const service = await startService(`sqlite://${tmp}/service.db`)
  try {
    await story(client(service.url))
  } finally {
    await service.stop()
  }
})

test('PostgreSQL: a booking paid through webhooks', async () => {
  const admin = process.env.BLAJARPLUS_TEST_PG_URL
  assert.ok(admin, 'BLAJARPLUS_TEST_PG_URL is not set (examples/services/test.sh sets it)')
  const name = `blajarplus_service_node_${randomUUID().replaceAll('-', '').slice(0, 12)}`
  psql(admin, `CREATE DATABASE ${name}`)
  const url = new URL(admin)
  url.pathname = `/${name}`
  const service = await startService(url.href)
  try {
    await story(client(service.url), () => psql(admin, `DROP DATABASE ${name} WITH (FORCE)`))
  } finally {
    await service.stop()
    psql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  }
})
