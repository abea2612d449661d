// The facade's suites and the contract table on PostgreSQL: the fresh database test.sh created
// for this run (BLAJARPLUS_TEST_PG_URL). Without it every test fails; PostgreSQL is never
// skipped.
'use strict'

const { defineSuites } = require('./suites.cjs')
const { defineContract } = require('./contract.cjs')
const { pgUrl } = require('./story.cjs')

defineSuites('postgres', pgUrl)
defineContract('postgres', pgUrl)
