// The built addon exposes the core version, sync and async (CommonJS consumer).
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const binding = require('../index.js')

function workspaceVersion() {
  const text = fs.readFileSync(path.join(__dirname, '..', '..', 'Cargo.toml'), 'utf8')
  const section = text.split('[workspace.package]')[1]
  const match = /^version\s*=\s*"([^"]+)"/m.exec(section)
  assert.ok(match, 'workspace version not found in Cargo.toml')
  return match[1]
}

test('version() is the core version', () => {
  assert.equal(binding.version(), workspaceVersion())
})

test('versionAsync() returns a Promise of the core version', async () => {
  const promise = binding.versionAsync()
  assert.ok(promise instanceof Promise)
  assert.equal(await promise, workspaceVersion())
})

test('many concurrent async calls share the runtime', async () => {
  const results = await Promise.all(Array.from({ length: 500 }, () => binding.versionAsync()))
  assert.deepEqual(new Set(results), new Set([workspaceVersion()]))
})

test('the package version follows the core version', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'))
  assert.equal(pkg.version, workspaceVersion())
})
