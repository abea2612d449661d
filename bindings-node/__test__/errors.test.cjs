// Core error codes become JS Errors whose `code` is the core code (sync throw and async reject).
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')

const binding = require('../index.js')

// Core's own list (`blajarplus::Error::CODES`).
const CODES = binding._coreErrorCodes()
assert.ok(CODES.length >= 10, CODES.join())

for (const code of CODES) {
  test(`sync throw carries code ${code}`, () => {
    assert.throws(
      () => binding._raiseError(code, `boom ${code}`),
      (err) => {
        assert.ok(err instanceof Error)
        assert.equal(err.code, code)
        assert.equal(err.message, `boom ${code}`)
        assert.equal(err.field, undefined)
        return true
      },
    )
  })

  test(`async reject carries code ${code}`, async () => {
    await assert.rejects(binding._raiseErrorAsync(code, `late ${code}`), (err) => {
      assert.ok(err instanceof Error)
      assert.equal(err.code, code)
      assert.equal(err.message, `late ${code}`)
      return true
    })
  })
}

test('validation errors carry the field', async () => {
  assert.throws(
    () => binding._raiseError('validation', 'must be positive', 'price'),
    { code: 'validation', field: 'price', message: 'must be positive' },
  )
  await assert.rejects(binding._raiseErrorAsync('validation', 'too long', 'title'), {
    code: 'validation',
    field: 'title',
    message: 'too long',
  })
})

test('unknown codes pass through unchanged', () => {
  assert.throws(() => binding._raiseError('brand_new_code', 'new'), { code: 'brand_new_code' })
})
