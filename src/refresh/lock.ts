/**
 * The cross-process half of single-flight refresh. Within one process, concurrent refreshes of one
 * token already share a promise; a {@link RefreshLock} extends that to every process that shares the
 * token storage, so a rotating refresh token is presented exactly once.
 */
import { DeadlineExceeded, withDeadline } from '../deadline.js'
import { DanceError } from '../errors.js'

/**
 * Gives the lock back. Safe to call once; never throws for a lock that already expired. A lock that
 * can be renewed also has `extend`, which the refresher calls while it holds the lock, so a lock
 * outlives the work it guards however long that takes (a slow token call, JWKS fetches, a storage
 * write retried after a failure).
 */
export type ReleaseLock = (() => Promise<void>) & {
  /** Makes the lock expire `ttlMs` from now; resolves false when it is no longer ours (expired, lost). */
  extend?: (ttlMs: number) => Promise<boolean>
}

/**
 * A mutual-exclusion lock with expiry, shared by every process that refreshes tokens from one storage.
 * Implementations: {@link InProcessLock} (default), `SqlRefreshLock` (Kysely) and `RedisRefreshLock`.
 */
export interface RefreshLock {
  /**
   * Waits until `key` is ours, for at most about `ttlMs`, and returns its release function. The lock
   * expires by itself after `ttlMs`, so a crashed holder blocks others for no longer than that.
   * Throws a `DanceError` (`refresh_failed`) when the lock could not be taken in time; its errors name
   * `provider`, the blueprint whose token is refreshed.
   */
  acquire(key: string, ttlMs: number, provider?: string): Promise<ReleaseLock>
  /**
   * Where holders record the refresh tokens they present, shared by the same processes as the lock.
   * Without it the record stays in this process, which is enough only when one process refreshes.
   */
  readonly spent?: SpentLedger
}

/**
 * A record of refresh tokens that were presented (by hash), kept longer than a lock lives: a holder
 * whose lock expired (its database was down) may still be storing the answer, or the answer was lost
 * (a timeout), and a rotating provider revokes the whole grant when a spent refresh token comes back.
 * @see [RFC 9700 - Best Current Practice for OAuth 2.0 Security](https://www.rfc-editor.org/rfc/rfc9700.html#section-4.14.2)
 */
export interface SpentLedger {
  /**
   * Records `value` under `marker` unless a record is there already: resolves `undefined` when it
   * recorded it (the caller may present the token), else the record found (nothing is written). Its
   * errors name `provider`, the blueprint whose refresh token it is.
   */
  claim(marker: string, value: string, ttlMs: number, provider?: string): Promise<string | undefined>
  /** Replaces the record under `marker` with `value`, or removes it when `value` is undefined. */
  settle(marker: string, value: string | undefined, ttlMs: number, provider?: string): Promise<void>
  /**
   * Removes the record under `marker` only while it still holds `value`: a claim that failed (timed
   * out) may still land later, and must not stand for a presentation that never happened.
   */
  withdraw?(marker: string, value: string, provider?: string): Promise<void>
}

/** How many records {@link MemorySpentLedger} keeps; the oldest go first. */
const MEMORY_LEDGER_MAX = 10_000

/**
 * A {@link SpentLedger} in this process's memory, bounded; the refresher's default.
 */
export class MemorySpentLedger implements SpentLedger {
  readonly #records = new Map<string, { value: string; expiresAt: number }>()

  async claim(marker: string, value: string, ttlMs: number): Promise<string | undefined> {
    const found = this.#records.get(marker)
    if (found && found.expiresAt > Date.now()) return found.value
    await this.settle(marker, value, ttlMs)
    return undefined
  }

  async withdraw(marker: string, value: string): Promise<void> {
    if (this.#records.get(marker)?.value === value) this.#records.delete(marker)
  }

  async settle(marker: string, value: string | undefined, ttlMs: number): Promise<void> {
    this.#records.delete(marker)
    if (value === undefined) return
    if (this.#records.size >= MEMORY_LEDGER_MAX) {
      const oldest = this.#records.keys().next()
      if (!oldest.done) this.#records.delete(oldest.value)
    }
    this.#records.set(marker, { value, expiresAt: Date.now() + ttlMs })
  }
}

/**
 * The default lock: nothing beyond the process. The blueprint's in-process single flight already makes
 * concurrent callers share one refresh, so this only has to hand out a no-op release.
 */
export class InProcessLock implements RefreshLock {
  async acquire(_key: string, _ttlMs: number): Promise<ReleaseLock> {
    return async () => {}
  }
}

/**
 * Options of {@link pollForLock}.
 */
export interface PollOptions {
  /** Give up after this many milliseconds. */
  waitMs: number
  /** First pause between attempts (default 15 ms); pauses grow to `maxDelayMs`, with jitter. */
  minDelayMs?: number
  /** Longest pause between attempts (default 100 ms). */
  maxDelayMs?: number
  /** The blueprint whose token the lock guards, named on the timeout error. */
  provider?: string | undefined
}

/**
 * Calls `tryOnce` until it returns true or `waitMs` passes; for lock implementations that cannot block
 * server-side. Jitter keeps waiters in several processes from retrying in lockstep. Never waits past
 * `waitMs`, even when an attempt itself hangs (a lock server that stopped answering): the attempt is
 * then abandoned and the wait fails with `refresh_failed`.
 */
export async function pollForLock(tryOnce: () => Promise<boolean>, options: PollOptions): Promise<void> {
  const deadline = Date.now() + options.waitMs
  let delay = options.minDelayMs ?? 15
  const maxDelay = options.maxDelayMs ?? 100
  const timedOut = () =>
    new DanceError(
      'refresh_failed',
      `Timed out after ${options.waitMs} ms waiting for another process to finish refreshing the token.`,
      { provider: options.provider },
    )
  for (;;) {
    let won: boolean
    try {
      won = await withDeadline(tryOnce(), Math.max(1, deadline - Date.now()), 'The lock')
    } catch (error) {
      if (error instanceof DeadlineExceeded) throw timedOut()
      throw error
    }
    if (won) return
    if (Date.now() >= deadline) throw timedOut()
    const pause = Math.min(delay, Math.max(1, deadline - Date.now()))
    await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random() / 2)))
    delay = Math.min(delay * 2, maxDelay)
  }
}

/**
 * A random lock owner id: only the owner's release may delete the lock (compare-and-delete).
 * @see [Redis - Distributed Locks with Redis](https://redis.io/docs/latest/develop/use/patterns/distributed-locks/)
 */
export function lockOwnerId(): string {
  return globalThis.crypto.randomUUID()
}
