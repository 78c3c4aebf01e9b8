/**
 * Single-flight token refresh: one refresh per token, however many requests and processes need it.
 *
 * In a process, callers refreshing the same token share one promise. Across processes, the leader takes
 * a {@link RefreshLock}, then re-reads the token from storage: when another process has refreshed it
 * meanwhile, that token is used and the provider is not asked again. Before presenting a refresh token
 * the leader records it in the lock's {@link SpentLedger}, which outlives the lock: a refresh token that
 * may have reached the provider (its answer was lost, or is not stored yet) is never presented again,
 * since a rotating provider may already have spent it and would revoke the grant.
 */
import { createHash, randomUUID } from 'node:crypto'
import { withDeadline } from '../deadline.js'
import { DanceError, isDanceError, ownedBy } from '../errors.js'
import { grantOutcomeOf } from '../grant-outcome.js'
import { readLatest, type StorageContext, type TokenKey, type TokenStorage } from '../storage/types.js'
import { isExpiring, type Token } from '../token.js'
import { Lease } from './lease.js'
import { MemorySpentLedger, type RefreshLock, type SpentLedger } from './lock.js'
import { classifyRefreshError } from './refresh-outcome.js'
import { flightId, mergeRefreshed, type RefreshReason, refreshedMeanwhile } from './token-freshness.js'

/**
 * What the refresher needs from its blueprint. Closures, so the blueprint's storage stays swappable.
 */
export interface RefreshPort {
  readonly provider: string
  storage(): TokenStorage
  /** One refresh token grant; throws a DanceError. */
  grant(token: Token): Promise<Token>
  /** Checks a refreshed token against the one it replaces before it is saved. */
  validate(original: Token, fresh: Token): Promise<void> | void
  /** Seconds before expiry at which a token counts as expiring. */
  readonly margin: number
  readonly lock: RefreshLock
  /**
   * How long a cross-process lock lives without renewal; longer than a refresh can take. Locks that
   * can be renewed are renewed while the refresh runs, so this is also how long a crashed holder
   * blocks others.
   */
  readonly lockTtlMs: number
}

/**
 * A refreshed token the storage refused to save: kept here, served to this process's callers, and
 * written again (only over the token it replaces) until the storage takes it. The lock stays held
 * meanwhile; should it expire anyway (its database is down too), the spent ledger keeps the next holder
 * from presenting the old refresh token.
 */
interface PendingWrite {
  readonly token: Token
  cancelled: boolean
  /** Ends the pause before the next attempt (logout cancels). */
  wake?: (() => void) | undefined
  readonly done: Promise<void>
}

/** How many refreshed tokens one process keeps while their storage write fails. */
const MAX_PENDING = 1_000
/** How long a refreshed token is kept and its write retried before it is given up. */
const PENDING_MAX_MS = 15 * 60_000
const PENDING_RETRY_MIN_MS = 250
const PENDING_RETRY_MAX_MS = 1_000
/**
 * How long a presented refresh token stays recorded: four times as long as a refreshed token is kept
 * for its write, so the record outlives every holder that may still store the answer, while a busy
 * app's Redis holds one small key per refresh for an hour, not a day.
 */
const SPENT_TTL_MS = 4 * PENDING_MAX_MS
/** The record of a refresh token whose answer may still be stored by its holder (`presented:<ms>`). */
const PRESENTED = 'presented:'
/** The record of a refresh token whose answer was lost: the provider may have spent it. */
const UNKNOWN = 'unknown'
/**
 * How long a refresh waits on storage, its re-read and its write together, before keeping the token
 * in process and writing it in the background. One budget, not one per step: a database coming back
 * from a restart answered the re-read after 4 s, and the write was then waited on for another 5 s.
 */
const STORAGE_WAIT_MS = 5_000
/** What the write is given even when the re-read used up the budget: a healthy write takes a few ms. */
const MIN_WRITE_WAIT_MS = 250

/** A refresh in flight, or finished within the last {@link RECENT_MS} (then `result` is set). */
interface Flight {
  promise: Promise<Token>
  result?: Token
}

/**
 * How long a finished refresh answers callers that still hold the token it replaced. Requests read
 * their token (their session copy) when they start; one that started before the refresh was saved and
 * needs a refresh after it finished would otherwise present the spent refresh token.
 */
const RECENT_MS = 60_000

/**
 * Refreshes tokens for one blueprint.
 */
export class Refresher {
  readonly #port: RefreshPort
  readonly #flights = new Map<string, Flight>()
  readonly #pending = new Map<string, PendingWrite>()
  #withdrawing = 0
  readonly #spent: SpentLedger

  constructor(port: RefreshPort) {
    this.#port = port
    this.#spent = port.lock.spent ?? new MemorySpentLedger()
  }

  /**
   * The refreshed token for `token` (stored under `key`). Concurrent calls for the same token share
   * one refresh, and so do calls shortly after it (a request that read its session before the refresh
   * was saved still holds the spent refresh token). Callers whose storage context differs from the
   * leader's (session storage) get the new token written to their own context too.
   */
  async refresh(key: TokenKey, token: Token, context: StorageContext, reason: RefreshReason): Promise<Token> {
    const id = flightId(key, token)
    let flight = this.#flights.get(id)
    // Without rotation the refreshed token has the same id; its holder needs a newer one, not itself.
    if (flight?.result !== undefined && flight.result.access_token === token.access_token) flight = undefined
    const leader = flight === undefined
    if (!flight) {
      const started: Flight = { promise: this.#lead(id, key, token, context, reason) }
      this.#flights.set(id, started)
      const forget = () => {
        if (this.#flights.get(id) === started) this.#flights.delete(id)
      }
      started.promise.then((fresh) => {
        started.result = fresh
        const later = () => setTimeout(forget, RECENT_MS).unref()
        // While its write is pending, the flight is how callers holding the old token get the new one.
        const pending = this.#pending.get(id)
        if (pending) void pending.done.then(later)
        else later()
      }, forget)
      flight = started
    }
    try {
      const fresh = await flight.promise
      if (!leader) await this.#adopt(id, key, token, fresh, context)
      return fresh
    } catch (error) {
      if (!leader && isDanceError(error, 'reauth_required')) await this.#forget(key, token, context)
      throw error
    }
  }

  /**
   * Runs `fn` while no refresh of `token` runs here or, through the lock, in another process; `fn` gets
   * the token as stored now. Logout uses it so a refresh finishing late cannot store the token again.
   */
  async exclusive<T>(
    key: TokenKey,
    token: Token,
    context: StorageContext,
    fn: (current: Token | undefined) => Promise<T>,
  ): Promise<T> {
    const id = flightId(key, token)
    await this.#flights.get(id)?.promise.catch(() => undefined)
    // A refreshed token still waiting for its write is the one to log out; it must not be saved later.
    const pending = this.#pending.get(id)
    if (pending) {
      pending.cancelled = true
      pending.wake?.()
      await pending.done
    }
    // After logout, a request still holding the old token must not be handed the refreshed one.
    this.#flights.delete(id)
    const lease = new Lease(
      await this.#port.lock.acquire(id, this.#port.lockTtlMs, this.#port.provider),
      this.#port.lockTtlMs,
    )
    try {
      return await fn(pending?.token ?? (await readLatest(this.#port.storage(), key, context)))
    } finally {
      await lease.end()
    }
  }

  async #lead(
    id: string,
    key: TokenKey,
    seen: Token,
    context: StorageContext,
    reason: RefreshReason,
  ): Promise<Token> {
    const port = this.#port
    const lease = new Lease(await port.lock.acquire(id, port.lockTtlMs, port.provider), port.lockTtlMs)
    let handedOver = false
    try {
      const storage = port.storage()
      const readStarted = Date.now()
      // Through any cache: another process may have refreshed since this process cached the token.
      const current = await readLatest(storage, key, context)
      const writeWaitMs = Math.max(MIN_WRITE_WAIT_MS, STORAGE_WAIT_MS - (Date.now() - readStarted))
      if (!current) {
        throw new DanceError(
          'reauth_required',
          `The ${port.provider} token is gone (logged out elsewhere).`,
          {
            provider: port.provider,
          },
        )
      }
      if (refreshedMeanwhile(seen, current, reason, port.margin)) return current
      if (lease.lost) {
        // Another process may hold the lock now and be presenting this very refresh token.
        throw new DanceError('refresh_failed', 'The refresh lock expired before the refresh started.', {
          provider: port.provider,
        })
      }
      // Recorded before it is presented, in a record that outlives the lock: a holder whose lock
      // expired may still be storing the answer to this very refresh token, or its answer was lost.
      const marker = spentMarker(key, current)
      let earlier: string | undefined
      // Unique, so a late-landing claim of ours can be told from anyone else's record.
      const claim = `${PRESENTED}${Date.now()}:${randomUUID()}`
      try {
        earlier = await this.#spent.claim(marker, claim, SPENT_TTL_MS, port.provider)
      } catch (error) {
        // Not presented. The claim may still land when the store answers again: take it back then.
        this.#withdrawLater(marker, claim, port.provider)
        throw classifyRefreshError(error, port.provider)
      }
      if (earlier !== undefined) {
        const failure = spentFailure(earlier, current, port.provider)
        if (failure.code === 'reauth_required') await deleteIfUnchanged(storage, key, current, context)
        throw failure
      }
      const settle = (value: string | undefined) =>
        this.#spent.settle(marker, value, SPENT_TTL_MS, port.provider).catch(() => undefined)
      let fresh: Token
      try {
        fresh = mergeRefreshed(current, await this.#grantOnce(current))
      } catch (error) {
        const failure = classifyRefreshError(error, port.provider)
        // The refresh token is dead (expired, revoked or reused): keeping it would only fail again.
        if (failure.code === 'reauth_required') await deleteIfUnchanged(storage, key, current, context)
        // Only the token request itself knows whether the refresh token can have been spent: not sent
        // or refused by the token endpoint, it may be presented again; anything else may have spent it.
        else await settle(grantOutcomeOf(error) === 'maybe-spent' ? UNKNOWN : undefined)
        throw failure
      }
      try {
        await port.validate(current, fresh)
      } catch (error) {
        // The provider issued a new token that is refused here: the old refresh token is spent.
        await settle(UNKNOWN)
        throw error
      }
      // Bounded: a database that stopped answering must not hold the refreshed token (the write goes
      // on, and is retried, in the background).
      const write = Promise.resolve().then(() => storage.set(key, fresh, context))
      try {
        await withDeadline(write, writeWaitMs, 'The storage')
      } catch (error) {
        // The provider has spent the old refresh token: losing the new one would log the user out.
        if (!this.#keepPending(id, key, current, fresh, context, lease, write)) {
          await settle(UNKNOWN)
          throw isDanceError(error)
            ? ownedBy(error, port.provider)
            : new DanceError('storage_error', 'The refreshed token could not be stored.', {
                cause: error,
                provider: port.provider,
              })
        }
        handedOver = true
      }
      return fresh
    } finally {
      // A pending write keeps the lock until the token is stored; Lease.end retries a failed release.
      if (!handedOver) await lease.end()
    }
  }

  /**
   * Keeps `fresh` and retries its write in the background, once `first` (the write that failed or is
   * still running) has settled, so two writes never race; false when too many writes are pending.
   */
  #keepPending(
    id: string,
    key: TokenKey,
    replaced: Token,
    fresh: Token,
    context: StorageContext,
    lease: Lease,
    first: Promise<unknown>,
  ): boolean {
    if (this.#pending.size >= MAX_PENDING || this.#pending.has(id)) return false
    let finish = () => {}
    const pending: PendingWrite = {
      token: fresh,
      cancelled: false,
      done: new Promise<void>((resolve) => {
        finish = resolve
      }),
    }
    this.#pending.set(id, pending)
    const giveUpAt = Date.now() + PENDING_MAX_MS
    const attempt = async (delay: number): Promise<void> => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay)
        pending.wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      if (pending.cancelled || Date.now() >= giveUpAt) return
      try {
        const storage = this.#port.storage()
        // Only over the token it replaces: a row that changed meanwhile (a new login, a logout, the
        // slow first write) is newer than this answer.
        const now = await readLatest(storage, key, context)
        if (now?.access_token !== replaced.access_token) return
        await storage.set(key, fresh, context)
      } catch {
        return attempt(Math.min(delay * 2, PENDING_RETRY_MAX_MS))
      }
    }
    const run = async () => {
      // A write that was only slow may still land; then nothing is left to do.
      if (
        await first.then(
          () => true,
          () => false,
        )
      )
        return
      await attempt(PENDING_RETRY_MIN_MS)
    }
    void run().finally(async () => {
      this.#pending.delete(id)
      await lease.end()
      finish()
    })
    return true
  }

  /**
   * Takes back a claim that failed (it may land after its timeout), retrying with growing pauses for
   * as long as a record could matter; bounded in number, a no-op for ledgers without `withdraw`.
   */
  #withdrawLater(marker: string, claim: string, provider: string): void {
    const ledger = this.#spent
    if (!ledger.withdraw || this.#withdrawing >= MAX_PENDING) return
    this.#withdrawing++
    const giveUpAt = Date.now() + PENDING_MAX_MS
    const attempt = (delay: number) => {
      setTimeout(async () => {
        // Repeated after a success too: the late claim may land after an earlier withdrawal ran.
        await ledger.withdraw?.(marker, claim, provider).catch(() => undefined)
        if (Date.now() + delay < giveUpAt) attempt(Math.min(delay * 2, 30_000))
        else this.#withdrawing--
      }, delay).unref()
    }
    attempt(1_000)
  }

  /** One grant; repeated once only when the request provably never left this machine. */
  async #grantOnce(token: Token): Promise<Token> {
    try {
      return await this.#port.grant(token)
    } catch (error) {
      if (grantOutcomeOf(error) !== 'not-sent') throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
      return this.#port.grant(token)
    }
  }

  async #adopt(id: string, key: TokenKey, seen: Token, fresh: Token, context: StorageContext): Promise<void> {
    try {
      const storage = this.#port.storage()
      const mine = await storage.get(key, context)
      if (mine && mine.access_token === seen.access_token && mine.access_token !== fresh.access_token) {
        await storage.set(key, fresh, context)
      }
    } catch (error) {
      // The leader's write of this very token is being retried; the caller can use it meanwhile.
      if (!this.#pending.has(id)) throw error
    }
  }

  async #forget(key: TokenKey, seen: Token, context: StorageContext): Promise<void> {
    await deleteIfUnchanged(this.#port.storage(), key, seen, context)
  }
}

async function deleteIfUnchanged(
  storage: TokenStorage,
  key: TokenKey,
  seen: Token,
  context: StorageContext,
): Promise<void> {
  const now = await readLatest(storage, key, context)
  if (now && now.refresh_token === seen.refresh_token) await storage.delete(key, context)
}

/**
 * The spent-ledger key of a stored token: its storage key, refresh token and access token, hashed (the
 * access token tells apart two refreshes of a refresh token that a provider does not rotate).
 */
function spentMarker(key: TokenKey, token: Token): string {
  return createHash('sha256')
    .update(flightId(key, token))
    .update('\u0000')
    .update(token.access_token ?? '')
    .digest('base64url')
}

/**
 * Why a refresh token found in the spent ledger is not presented. While its access token is valid the
 * request goes on with it (`refresh_failed` is transient); while another holder may still store the
 * answer (within the pending-write lifetime), `refresh_failed` too, as the stored token will change;
 * otherwise the answer is lost and only a new login helps (`reauth_required`).
 */
function spentFailure(record: string, current: Token, provider: string): DanceError {
  const presentedAt = record.startsWith(PRESENTED)
    ? Number(record.slice(PRESENTED.length).split(':')[0])
    : Number.NaN
  const stillStoring =
    Number.isFinite(presentedAt) && Date.now() - presentedAt < PENDING_MAX_MS + STORAGE_WAIT_MS
  if (stillStoring || !isExpiring(current, 0)) {
    return new DanceError(
      'refresh_failed',
      'The refresh token was already presented; its answer is not stored (yet), so it is not presented again.',
      { provider },
    )
  }
  return new DanceError(
    'reauth_required',
    `The ${provider} refresh token was presented and its answer lost; a new login is needed.`,
    { provider },
  )
}
