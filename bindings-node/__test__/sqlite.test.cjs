// The facade's suites on the embedded SQLite database (in memory).
'use strict'

const { defineSuites } = require('./suites.cjs')

defineSuites('sqlite', () => 'sqlite::memory:')
