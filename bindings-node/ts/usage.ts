// Typed usage of the published package; test.sh checks it with `tsc --noEmit` inside a
// project that installed the packed tarball, so it checks the shipped index.d.ts.
import { version, versionAsync, type ErrorCode } from 'blajarplus'

export const current: string = version()

export async function fetchVersion(): Promise<string> {
  const value: string = await versionAsync()
  return value
}

export function codeOf(err: unknown): ErrorCode | undefined {
  const code = (err as { code?: unknown }).code
  const known: readonly ErrorCode[] = [
    'not_found',
    'validation',
    'conflict',
    'invalid_transition',
    'forbidden',
    'payment_rejected',
    'config',
    'database',
    'internal',
  ]
  return known.find((k) => k === code)
}

// The declarations are real, not `any`:
// @ts-expect-error version() takes no argument
version(1)
// @ts-expect-error versionAsync() resolves to a string, not a number
export const wrong: Promise<number> = versionAsync()
