// The facade's suites on PostgreSQL: the fresh database test.sh created for this run
// (BLAJARPLUS_TEST_PG_URL). Without it every test fails; PostgreSQL is never skipped.
'use strict'

const { defineSuites } = require('./suites.cjs')
const { pgUrl } = require('./story.cjs')

defineSuites('postgres', pgUrl)
