// Binding parity: every use case of the core facade (.ci/facade_methods.py, snake_case) is a
// method of the Marketplace class, in camelCase, both at run time and in the shipped
// index.d.ts. A facade method added to core without its binding fails here.
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const { Marketplace } = require('../index.js')

const ROOT = path.join(__dirname, '..', '..')
const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())

function listed(flag) {
  const script = path.join(ROOT, '.ci', 'facade_methods.py')
  return JSON.parse(execFileSync('python3', [script, flag, 'node', '--json'], { encoding: 'utf8' })).map(camel)
}

/** What this binding must expose now: the facade minus bindings-node/parity-pending.txt. */
function facadeMethods() {
  const names = listed('--binding')
  assert.ok(names.length > 10, 'facade_methods.py listed too few methods')
  return names
}

/** The member names declared in `export declare class Marketplace { … }` of index.d.ts. */
function declaredMembers() {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')
  const body = /export declare class Marketplace \{\n([\s\S]*?)\n\}/.exec(dts)
  assert.ok(body, 'no Marketplace class in index.d.ts')
  const members = new Set()
  for (const m of body[1].matchAll(/^ {2}(?:static )?(?:get )?(\w+)\(/gm)) members.add(m[1])
  return members
}

test('every facade method is on Marketplace at run time', () => {
  const missing = facadeMethods().filter((name) =>
    name === 'open'
      ? typeof Marketplace.open !== 'function'
      : typeof Marketplace.prototype[name] !== 'function',
  )
  assert.deepEqual(missing, [], `facade methods without a Node binding: ${missing.join(', ')}`)
})

test('every facade method is declared on Marketplace in index.d.ts', () => {
  const declared = declaredMembers()
  const missing = facadeMethods().filter((name) => !declared.has(name))
  assert.deepEqual(missing, [], `facade methods missing from index.d.ts: ${missing.join(', ')}`)
})

test('methods still listed as pending are really not bound (the list only shrinks)', () => {
  const declared = declaredMembers()
  const bound = listed('--pending').filter(
    (name) => declared.has(name) || typeof Marketplace.prototype[name] === 'function',
  )
  assert.deepEqual(bound, [], `bound now: remove from bindings-node/parity-pending.txt: ${bound.join(', ')}`)
})

test('Marketplace has nothing beyond the facade but close(), now() and backend', () => {
  const declared = declaredMembers()
  const facade = new Set(facadeMethods())
  const extra = [...declared].filter((name) => !facade.has(name))
  assert.deepEqual(extra.sort(), ['backend', 'close', 'now'])
})
