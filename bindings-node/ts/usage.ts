// Typed usage of the published package; test.sh checks it with `tsc --noEmit` inside a
// project that installed the packed tarball, so it checks the shipped index.d.ts.
import {
  FixedClock,
  Marketplace,
  version,
  versionAsync,
  type Actor,
  type Booking,
  type BookingStatus,
  type ErrorCode,
  type Interval,
  type NewBooking,
  type PaymentOutcome,
  type User,
} from 'blajarplus'

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

export async function story(url: string): Promise<BookingStatus> {
  const clock = new FixedClock(new Date('2030-01-07T00:00:00Z'))
  const m: Marketplace = await Marketplace.open(url, { midtransServerKey: 'key', clock })
  const user: User = await m.registerUser({ role: 'student', fullName: 'Budi', email: 'b@x.id' })
  const actor: Actor = { userId: user.id, role: user.role }
  const slots: Interval[] = await m.availableSlots('tutor-profile-id', m.now(), clock.now(), 60)
  const wanted: NewBooking = {
    tutorSubjectId: 'tutor-subject-id',
    startAt: slots[0].start,
    durationMinutes: 60,
    mode: 'online',
  }
  const booking: Booking = await m.createBooking(actor, wanted)
  const price: string = booking.price
  const link: string | null = booking.meetingLink
  const outcome: PaymentOutcome = await m.handleMidtransNotification(new Uint8Array([price.length]))
  clock.advance(60 * 60_000)
  void [link, outcome]
  return (await m.confirmLesson(actor, booking.id)).status
}

// The declarations are real, not `any`:
// @ts-expect-error version() takes no argument
version(1)
// @ts-expect-error versionAsync() resolves to a string, not a number
export const wrong: Promise<number> = versionAsync()
export async function misuse(m: Marketplace, actor: Actor): Promise<void> {
  // @ts-expect-error money is a decimal string, never a number
  await m.requestWithdrawal(actor, 100000)
  // @ts-expect-error roles are the core's strings
  await m.me({ userId: actor.userId, role: 'wizard' })
  // @ts-expect-error instants are Dates
  await m.myBookings(actor, '2030-01-01', new Date())
  // @ts-expect-error amounts come back as strings
  const n: number = (await m.myWallet(actor)).balance
  void n
}
