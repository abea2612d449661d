// Typed usage of the published package; test.sh checks it with `tsc --noEmit` inside a
// project that installed the packed tarballs, twice: as usage.ts (CommonJS: the shipped
// index.d.ts) and copied to usage.mts (ESM: index.d.mts, through the exports map).
import {
  BookingStatus,
  ErrorCode,
  FixedClock,
  LogLevel,
  Marketplace,
  PaymentOutcome,
  PaymentProvider,
  Role,
  setLogger,
  version,
  versionAsync,
  type Actor,
  type Booking,
  type Decimal,
  type EnumObject,
  type Int,
  type Interval,
  type LogRecord,
  type NewBooking,
  type User,
  type Uuid,
} from 'blajarplus'

export const current: string = version()

export async function fetchVersion(): Promise<string> {
  const value: string = await versionAsync()
  return value
}

// The string enums are values too: objects of their strings under PascalCase names.
export const codes: readonly ErrorCode[] = Object.values(ErrorCode)
export const validation: 'validation' = ErrorCode.Validation
export const student: Role = Role.Student
export const roles: EnumObject<Role> = Role
export const pendingPayment: 'pending_payment' = BookingStatus.PendingPayment

export function codeOf(err: unknown): ErrorCode | undefined {
  const code = (err as { code?: unknown }).code
  return codes.find((k) => k === code)
}

export function isValidation(err: unknown): boolean {
  return codeOf(err) === ErrorCode.Validation
}

export async function story(url: string): Promise<BookingStatus> {
  const clock = new FixedClock(new Date('2030-01-07T00:00:00Z'))
  const m: Marketplace = await Marketplace.open(url, { midtransServerKey: 'key', clock })
  const user: User = await m.registerUser({ role: Role.Student, fullName: 'Budi', email: 'b@x.id' })
  const actor: Actor = { userId: user.id, role: user.role }
  const tutorProfileId: Uuid = 'tutor-profile-id'
  const minutes: Int = 60
  const slots: Interval[] = await m.availableSlots(tutorProfileId, m.now(), clock.now(), minutes)
  const wanted: NewBooking = {
    tutorSubjectId: 'tutor-subject-id',
    startAt: slots[0].start,
    durationMinutes: 60,
    mode: 'online',
  }
  const booking: Booking = await m.createBooking(actor, wanted)
  const price: Decimal = booking.price
  const link: string | null = booking.meetingLink
  await m.checkout(actor, booking.id, PaymentProvider.Midtrans)
  const outcome: PaymentOutcome = await m.handleMidtransNotification(new Uint8Array([price.length]))
  const applied: boolean = outcome === PaymentOutcome.Applied
  clock.advance(60 * 60_000)
  void [link, applied]
  const status = (await m.confirmLesson(actor, booking.id)).status
  await m.close()
  return status
}

// Logs are opt-in: a callback of records (the use case is the innermost span), or null.
export function logFailures(seen: string[]): void {
  setLogger((record: LogRecord) => {
    const code: string | number | boolean | undefined = record.fields['error.code']
    if (record.level === LogLevel.Warn) seen.push(`${record.spans.at(-1)?.name}: ${String(code)}`)
  }, LogLevel.Warn)
  setLogger(null)
}

// The declarations are real, not `any`:
// @ts-expect-error version() takes no argument
version(1)
// @ts-expect-error versionAsync() resolves to a string, not a number
export const wrong: Promise<number> = versionAsync()
// @ts-expect-error no such role
export const wizard = Role.Wizard
// @ts-expect-error the enum objects are read-only
Role.Student = 'admin'
// @ts-expect-error ErrorCode.Validation is exactly 'validation'
export const notACode: 'InvalidArg' = ErrorCode.Validation
export async function misuse(m: Marketplace, actor: Actor): Promise<void> {
  // @ts-expect-error money is a decimal string, never a number
  await m.requestWithdrawal(actor, 100000)
  // @ts-expect-error roles are the core's strings
  await m.me({ userId: actor.userId, role: 'wizard' })
  // @ts-expect-error instants are Dates
  await m.myBookings(actor, '2030-01-01', new Date())
  // @ts-expect-error amounts come back as strings
  const n: number = (await m.myWallet(actor)).balance
  // @ts-expect-error close() takes no argument
  await m.close(true)
  void n
}
// @ts-expect-error no such log level
setLogger(() => {}, 'loud')
