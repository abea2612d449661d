// The Node side of the bindings benchmark (performance issue §5; see run.sh).
//
//   BLAJARPLUS_NODE=/path/to/index.js node bench.mjs sqlite:///tmp/node.db plan.json
//
// Runs the plan's workload through the napi addon (BLAJARPLUS_NODE: the index.js that `napi
// build --platform --release` wrote; default bindings-node/index.js), exactly as
// examples/bindings_bench.rs does through the Rust library: the search `search_calls` times in
// a row (after `search_warmup` untimed calls), then every lifecycle of the plan in a row —
// register a student, createBooking, checkout (midtrans), applyPaymentUpdate (paid) — the
// first `lifecycle_warmup` untimed. Prints one JSON line (the same fields as the Rust one),
// plus `bridge`: the cost of crossing alone — `versionAsync()` (a Promise settled from the
// tokio runtime, no database, but it awaits a zero sleep, one tokio timer tick: compare with
// the Rust run's `sleep_zero_us`) and `version()` (a plain sync call).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const here = path.dirname(fileURLToPath(import.meta.url))
const addon = process.env.BLAJARPLUS_NODE ?? path.join(here, '../../bindings-node/index.js')
const { Marketplace, FixedClock, version, versionAsync } = createRequire(import.meta.url)(addon)

const [url, planPath] = process.argv.slice(2)
if (!url || !planPath) {
  console.error('usage: node bench.mjs URL PLAN.json')
  process.exit(2)
}
const plan = JSON.parse(readFileSync(planPath, 'utf8'))
const now = process.hrtime.bigint
const us = (a, b) => Number(b - a) / 1e3
const p50 = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length

const m = await Marketplace.open(url, { clock: new FixedClock(new Date(plan.now)) })
const query = { subject: plan.search.subject, sort: plan.search.sort, limit: plan.search.limit }
for (let i = 0; i < plan.search_warmup; i++) await m.searchTutors(query)
const times = []
let page
const start = now()
for (let i = 0; i < plan.search_calls; i++) {
  const t = now()
  page = await m.searchTutors(query)
  times.push(us(t, now()))
}
const searchTotal = us(start, now()) / 1e3

const life = []
const steps = [[], [], [], []]
for (const [i, l] of plan.lifecycles.entries()) {
  const t0 = now()
  const student = await m.registerUser({ role: 'student', fullName: l.full_name, email: l.email })
  const actor = { userId: student.id, role: 'student' }
  const t1 = now()
  const b = await m.createBooking(actor, {
    tutorSubjectId: l.tutor_subject_id,
    startAt: new Date(l.start_at),
    durationMinutes: 60,
    mode: 'online',
    meetingLink: 'https://meet.example/bench',
  })
  const t2 = now()
  const p = (await m.checkout(actor, b.id, 'midtrans')).payment
  const t3 = now()
  const outcome = await m.applyPaymentUpdate({
    provider: 'midtrans',
    orderId: p.id,
    externalId: `bench-${p.id}`,
    status: 'paid',
    amount: p.amount,
    currency: p.currency,
    paymentMethod: 'bank_transfer',
    dedupKey: `midtrans:paid:tx:bench-${p.id}`,
    rawPayload: { order_id: p.id },
  })
  const t4 = now()
  if (outcome !== 'applied') throw new Error(`payment ${p.id} was ${outcome}`)
  if (i >= plan.lifecycle_warmup) {
    life.push(us(t0, t4))
    ;[us(t0, t1), us(t1, t2), us(t2, t3), us(t3, t4)].forEach((d, k) => steps[k].push(d))
  }
}

const noopAsync = []
for (let i = 0; i < 2000; i++) {
  const t = now()
  await versionAsync()
  noopAsync.push(us(t, now()))
}
const noopSync = []
for (let i = 0; i < 2000; i++) {
  const t = now()
  version()
  noopSync.push(us(t, now()))
}
await m.close()

console.log(
  JSON.stringify({
    lang: 'node',
    api: 'async (Promise)',
    search: {
      calls: plan.search_calls,
      p50_us: p50(times),
      mean_us: mean(times),
      total_ms: searchTotal,
      hits: page.items.length,
      total: page.total,
      first: page.items[0].tutorProfileId,
    },
    lifecycle: {
      count: life.length,
      mean_us: mean(life),
      p50_us: p50(life),
      total_ms: life.reduce((a, b) => a + b, 0) / 1e3,
      steps_mean_us: {
        register_user: mean(steps[0]),
        create_booking: mean(steps[1]),
        checkout: mean(steps[2]),
        apply_payment_update: mean(steps[3]),
      },
    },
    bridge: { noop_async_us: p50(noopAsync), noop_sync_us: p50(noopSync) },
  }),
)
