// The addon also loads through ESM with named exports (cjs-module-lexer sees them).
import test from 'node:test'
import assert from 'node:assert/strict'

import binding, { version, versionAsync } from '../index.js'

test('named ESM exports work', async () => {
  assert.equal(typeof version, 'function')
  assert.equal(await versionAsync(), version())
  assert.equal(binding.version(), version())
})
