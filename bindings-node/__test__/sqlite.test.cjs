// The facade's suites and the contract table on the embedded SQLite database (in memory).
'use strict'

const { defineSuites } = require('./suites.cjs')
const { defineContract } = require('./contract.cjs')

defineSuites('sqlite', () => 'sqlite::memory:')
defineContract('sqlite', () => 'sqlite::memory:')
