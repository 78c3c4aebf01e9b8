/**
 * The replay guard of login transactions: which (provider, key) pairs this process has already
 * consumed within one transaction lifetime, in a fixed amount of memory allocated up front.
 *
 * Two Bloom filters over a keyed SHA-256 digest of (provider, key), each covering one transaction
 * lifetime: new marks go into the current filter, lookups ask both, and when the current window ends
 * the older filter is cleared and becomes the current one. A mark therefore lives at least one
 * lifetime, after which its transaction is refused as expired anyway. Memory is the same after one
 * login and after millions (bench/NOTES.md).
 *
 * A Bloom filter can answer "seen" for a mark never added (a false positive), never the reverse. Here
 * a false positive refuses one legitimate callback as replayed (`transaction_missing`; the user starts
 * the login again). The filters are sized so that this stays below {@link REPLAY_FALSE_POSITIVE_RATE}
 * per callback at {@link REPLAY_CAPACITY} consumed keys per lifetime; when more arrive (e.g. an
 * attacker finishing logins in bulk), the current filter is rotated early, before it fills, so the
 * false-positive rate never rises; the price is that the oldest marks are dropped early. A stolen
 * cookie replayed then still meets the provider, which refuses the already-used code (RFC 6749 §4.1.2).
 *
 * @see [Bloom - Space/Time Trade-offs in Hash Coding with Allowable Errors](https://doi.org/10.1145/362686.362692)
 * @see [Kirsch and Mitzenmacher - Less Hashing, Same Performance: Building a Better Bloom Filter](https://doi.org/10.1002/rsa.20208)
 */
import { createHmac, randomBytes } from 'node:crypto'

/** Consumed keys each filter is sized for, i.e. completed logins per transaction lifetime. */
export const REPLAY_CAPACITY = 100_000

/** The largest chance that a fresh callback is taken for a replay, both filters full, per callback. */
export const REPLAY_FALSE_POSITIVE_RATE = 1e-6

/** Size and lifetime of a {@link ReplayGuard}. */
export interface ReplayGuardOptions {
  /** How long a mark must be remembered: the transaction lifetime, in milliseconds. */
  windowMs: number
  /** Marks per window before the filter rotates early; {@link REPLAY_CAPACITY} by default. */
  capacity?: number | undefined
  /** Target false-positive rate of a lookup (both filters); {@link REPLAY_FALSE_POSITIVE_RATE} by default. */
  falsePositiveRate?: number | undefined
}

/** Where a (provider, key) pair falls in the filters: two 32-bit hashes for double hashing. */
export interface ReplayMark {
  readonly h1: number
  readonly h2: number
}

/**
 * Two rotating Bloom filters of fixed size remembering consumed transaction keys.
 *
 * With the defaults: 2 × 2^22 bits (2 × 512 KiB = 1 MiB, allocated in the constructor) and 29 probes,
 * which at 100,000 marks per filter gives about 1.8e-9 per filter, 3.5e-9 per lookup of both.
 *
 * @see [RFC 9700 - Best Current Practice for OAuth 2.0 Security](https://www.rfc-editor.org/rfc/rfc9700.html#section-4.7.1)
 */
export class ReplayGuard {
  /** Bits per filter, a power of two so an index is a mask. */
  readonly bits: number
  /** Bits set (and tested) per mark. */
  readonly probes: number
  /** Marks one filter holds before it is rotated early. */
  readonly capacity: number
  /** How long one filter stays current, in ms: one transaction lifetime. */
  readonly windowMs: number
  /** Bytes held by both filters; constant for the guard's life. */
  readonly byteLength: number
  // Keys the digest per process, so nobody can compute offline which keys share bits.
  readonly #key = randomBytes(32)
  #current: Uint32Array
  #previous: Uint32Array
  #currentCount = 0
  #windowStart: number

  constructor(options: ReplayGuardOptions, now: number = Date.now()) {
    const capacity = options.capacity ?? REPLAY_CAPACITY
    const rate = options.falsePositiveRate ?? REPLAY_FALSE_POSITIVE_RATE
    if (!(capacity >= 1) || !(rate > 0 && rate < 1) || !(options.windowMs > 0)) {
      throw new RangeError('ReplayGuard needs a positive capacity and window and a rate in (0, 1).')
    }
    // Optimal size for n marks at rate p is -n·ln(p) / ln(2)² bits (Bloom; Broder and Mitzenmacher).
    // Each filter gets half the rate, since a lookup asks both; rounding up to a power of two (at least
    // one 32-bit word) only lowers the rate further.
    const optimal = (-capacity * Math.log(rate / 2)) / Math.LN2 ** 2
    this.bits = 2 ** Math.max(5, Math.ceil(Math.log2(optimal)))
    this.probes = Math.max(1, Math.round((this.bits / capacity) * Math.LN2))
    this.capacity = capacity
    this.windowMs = options.windowMs
    this.#current = new Uint32Array(this.bits / 32)
    this.#previous = new Uint32Array(this.bits / 32)
    this.byteLength = this.#current.byteLength + this.#previous.byteLength
    this.#windowStart = now
  }

  /** The mark of a (provider, key) pair; computed once per callback, used by `has` and `add`. */
  mark(provider: string, key: string): ReplayMark {
    const digest = createHmac('sha256', this.#key).update(`${provider}\u0000${key}`).digest()
    // The second hash is odd, so with a power-of-two size the probes never repeat (full period).
    return { h1: digest.readUInt32LE(0), h2: digest.readUInt32LE(4) | 1 }
  }

  /** Whether the mark was added within the last window (or a false positive; see the class TSDoc). */
  has(mark: ReplayMark, now: number = Date.now()): boolean {
    this.#rotate(now)
    return this.#test(this.#current, mark) || this.#test(this.#previous, mark)
  }

  /** Remembers the mark for at least one window. */
  add(mark: ReplayMark, now: number = Date.now()): void {
    this.#rotate(now)
    // Full before its window ended: rotate now rather than let the false-positive rate climb. Marks
    // in the older filter are forgotten early (the bounded Map dropped its oldest entries too).
    if (this.#currentCount >= this.capacity) this.#swap(now)
    const mask = this.bits - 1
    for (let i = 0; i < this.probes; i++) {
      // Math.imul wraps modulo 2^32, which the power-of-two size divides, so the index stays exact.
      const bit = (mark.h1 + Math.imul(i, mark.h2)) & mask
      this.#current[bit >>> 5]! |= 1 << (bit & 31)
    }
    this.#currentCount++
  }

  #test(filter: Uint32Array, mark: ReplayMark): boolean {
    const mask = this.bits - 1
    for (let i = 0; i < this.probes; i++) {
      const bit = (mark.h1 + Math.imul(i, mark.h2)) & mask
      if ((filter[bit >>> 5]! & (1 << (bit & 31))) === 0) return false
    }
    return true
  }

  #rotate(now: number): void {
    const age = now - this.#windowStart
    if (age < this.windowMs) return
    // A mark added before this rotation stays (in the older filter) until the next one, at least one
    // window later. Two windows without a rotation: the current filter is stale too, so it goes over
    // to the older side empty.
    if (age >= 2 * this.windowMs) this.#current.fill(0)
    this.#swap(now)
  }

  #swap(now: number): void {
    const older = this.#previous
    this.#previous = this.#current
    this.#current = older.fill(0)
    this.#currentCount = 0
    this.#windowStart = now
  }
}

const guards = new Map<number, ReplayGuard>()

/**
 * The process's guard for transactions of one lifetime, shared by every blueprint with that lifetime
 * (the mark includes the provider, so sharing cannot mix them up): memory is one guard per distinct
 * `transactionMaxAge`, not one per blueprint.
 */
export function replayGuardFor(windowMs: number): ReplayGuard {
  let guard = guards.get(windowMs)
  if (!guard) {
    guard = new ReplayGuard({ windowMs })
    guards.set(windowMs, guard)
  }
  return guard
}
