// Declarations of the ESM entry (index.mjs): those of the CommonJS loader, whose generated
// index.d.ts they re-export.
export * from './index.js'
import * as binding from './index.js'
export default binding
