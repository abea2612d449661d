// The ESM entry ("import" in package.json's exports): the CommonJS loader's exports, so both
// module systems share one loaded addon and one set of classes (no dual-package hazard).
export * from './index.js'
export { default } from './index.js'
