/**
 * Token storage on Keyv (any Keyv store: in memory, Redis through `@keyv/redis`, ...), used alone or
 * as a read-through cache in front of another storage (usually {@link SqlStorage}).
 *
 * In front of a source, reads try the cache first and fill it from the source on a miss; writes go to
 * the source first, then replace the cached copy; deletes remove both. Misses are not cached, so a
 * user without a token still reads the source once per request.
 *
 * ```ts
 * // `redis`: a node-redis client with an 'error' listener and disableOfflineQueue (examples/redis-cache.ts)
 * const cache = new Keyv({ store: new KeyvRedis(redis, { throwOnErrors: true }), namespace: 'tokens', throwOnErrors: true })
 * const storage = new CacheStorage({ cache, source: new SqlStorage({ db }) })
 * ```
 */
import type Keyv from 'keyv'
import { DeadlineExceeded, withDeadline } from '../deadline.js'
import { DanceError } from '../errors.js'
import type { Token } from '../token.js'
import { decodeToken, encodeToken, type TokenEncryption } from './encryption.js'
import { readLatest, type StorageContext, serializeKey, type TokenKey, type TokenStorage } from './types.js'

/**
 * Options of {@link CacheStorage}.
 */
export interface CacheStorageOptions {
  /**
   * The Keyv instance. Store errors are detected whether or not it has `throwOnErrors` (see
   * {@link CacheStorage}); a store that neither throws nor emits `'error'` cannot be watched.
   */
  cache: Keyv
  /** The storage behind the cache. Without one, the cache is the storage. */
  source?: TokenStorage
  /**
   * Lifetime of cached entries in seconds. Default: none alone; 600 in front of a source, which bounds
   * how long another process's racing read could keep an outdated copy.
   */
  ttlSeconds?: number
  /** Key prefix inside the Keyv namespace (default `token:`). */
  prefix?: string
  /** Seal cached tokens too (recommended when the cache is shared, e.g. Redis). */
  encryption?: TokenEncryption
  /** With encryption on, still read plain entries written before it was. */
  readPlaintext?: boolean
  /**
   * Longest wait for one cache call, in ms (default 1000). A read that takes longer is a miss; a write
   * or invalidation that takes longer failed. After a call times out, every cache call fails at once
   * for twice this long (the cache counts as stalled), so a request pays for one timeout, not one per
   * call, while the cache does not answer.
   */
  timeoutMs?: number
}

/** How many keys with a failed invalidation one process remembers (oldest forgotten first). */
const MAX_SUSPECT = 10_000
/** First and longest pause between retries of a failed invalidation. */
const RETRY_MIN_MS = 200
const RETRY_MAX_MS = 5_000

/**
 * How long, in cache timeouts, the cache counts as stalled after one call timed out. Long enough that
 * the next calls of the same request (a read, then a fill, an invalidation) fail at once instead of
 * each waiting out its own timeout; short enough that a recovered cache is used again within seconds.
 */
const STALL_WINDOW_TIMEOUTS = 2

/** A key whose cached copy may be outdated: its invalidation failed and is being retried. */
interface Suspect {
  /** After this time (ms since the epoch) the cached copy has expired by itself. */
  until: number
  timer?: ReturnType<typeof setTimeout> | undefined
}

/**
 * Tokens in a Keyv store, alone or in front of another storage.
 */
export class CacheStorage implements TokenStorage {
  /** The Keyv instance. */
  readonly cache: Keyv
  /** The storage behind the cache, if any; read it directly to bypass the cache. */
  readonly source: TokenStorage | undefined
  readonly #ttlMs: number | undefined
  readonly #prefix: string
  readonly #codec: { encryption?: TokenEncryption | undefined; readPlaintext?: boolean | undefined }
  readonly #timeoutMs: number
  /** Store errors the Keyv reported as events; an operation that sees this change failed. */
  #reported = 0
  /** Until this time (ms since the epoch) the cache counts as stalled: calls fail without waiting. */
  #stalledUntil = 0
  readonly #suspects = new Map<string, Suspect>()

  constructor(options: CacheStorageOptions) {
    this.cache = options.cache
    this.source = options.source
    const ttl = options.ttlSeconds ?? (options.source ? 600 : undefined)
    if (ttl !== undefined && !(ttl > 0)) {
      throw new DanceError('config_invalid', 'CacheStorage ttlSeconds must be a positive number.')
    }
    const timeout = options.timeoutMs ?? 1_000
    if (!(timeout > 0) || !Number.isFinite(timeout)) {
      throw new DanceError('config_invalid', 'CacheStorage timeoutMs must be a positive number.')
    }
    this.#timeoutMs = timeout
    this.#ttlMs = ttl === undefined ? undefined : Math.round(ttl * 1000)
    this.#prefix = options.prefix ?? 'token:'
    this.#codec = { encryption: options.encryption, readPlaintext: options.readPlaintext }
    // Keyv re-emits its store's errors; the store swallowed them, so this is the only trace of them.
    this.cache.on('error', () => {
      this.#reported++
    })
  }

  /** The cached token; on a miss, the source's (then cached). Misses are not cached. */
  async get(key: TokenKey, context: StorageContext): Promise<Token | undefined> {
    if (this.source && this.#isSuspect(key)) return this.source.get(key, context)
    const cached = await this.#cached(key)
    if (cached !== undefined) return cached
    if (!this.source) return undefined
    const token = await this.source.get(key, context)
    if (token !== undefined) await this.#fill(key, token)
    return token
  }

  /**
   * The source's copy (refilling the cache), or the cached one when there is no source. Used under the
   * refresh lock, where a stale cached copy would hide another process's refresh.
   */
  async getLatest(key: TokenKey, context: StorageContext): Promise<Token | undefined> {
    if (!this.source) return this.get(key, context)
    const token = await readLatest(this.source, key, context)
    if (token === undefined) await this.#invalidateOrSuspect(key)
    else await this.#fill(key, token)
    return token
  }

  /**
   * Drops the cached copy, writes the source, then caches the new token. When the cached copy cannot
   * be dropped, the source is written anyway (it is authoritative, and a refreshed token must not be
   * lost); this process then reads the key from the source until the retried invalidation succeeds.
   */
  async set(key: TokenKey, token: Token, context: StorageContext): Promise<void> {
    if (this.source) {
      // Drop the old copy before the source changes, so a failure in between never leaves it served.
      await this.#invalidateOrSuspect(key)
      await this.source.set(key, token, context)
      // The token is stored and no copy is cached: failing to cache it now only costs one read.
      await this.#fill(key, token)
      return
    }
    await this.#write('write', key, () =>
      this.cache.set(this.#key(key), encodeToken(key, token, this.#codec), this.#ttlMs),
    )
  }

  /**
   * Drops the cached copy, deletes from the source, and drops the copy again (a racing read may refill
   * it). When the cached copy cannot be dropped, the source is still deleted, the invalidation retried
   * in the background, and the call fails with `storage_error`: other processes may serve the cached
   * copy until the retry succeeds or it expires, and a logout must not report success meanwhile.
   */
  async delete(key: TokenKey, context: StorageContext): Promise<void> {
    if (!this.source) {
      await this.#invalidate(key)
      return
    }
    const first = await this.#invalidateOrSuspect(key)
    await this.source.delete(key, context)
    // A reader that filled the cache between our two steps would resurrect the token; clear again.
    const second = await this.#invalidateOrSuspect(key)
    const failure = first ?? second
    if (failure) throw failure
  }

  #key(key: TokenKey): string {
    return `${this.#prefix}${serializeKey(key)}`
  }

  /** Runs one cache call within the timeout; a store error reported only as an event fails it too. */
  async #call<T>(fn: () => Promise<T>): Promise<T> {
    // A stalled cache would make every call of every request wait out the timeout again, and their
    // sum (a read, a fill, two invalidations) can exceed what any request should take; the source
    // answers meanwhile, and failed invalidations are retried in the background as always.
    if (Date.now() < this.#stalledUntil) throw new DeadlineExceeded('The cache (stalled)', this.#timeoutMs)
    const before = this.#reported
    let result: T
    try {
      result = await withDeadline(fn(), this.#timeoutMs, 'The cache')
    } catch (error) {
      if (error instanceof DeadlineExceeded) {
        this.#stalledUntil = Date.now() + STALL_WINDOW_TIMEOUTS * this.#timeoutMs
      }
      throw error
    }
    if (this.#reported !== before) throw new Error('The cache store reported an error during this call.')
    return result
  }

  async #cached(key: TokenKey): Promise<Token | undefined> {
    let value: unknown
    try {
      value = await this.#call(() => this.cache.get(this.#key(key)))
    } catch (cause) {
      // In front of a source, an unreachable or slow cache only costs speed; alone, it is the storage.
      if (this.source) return undefined
      throw new DanceError('storage_error', `Could not read the ${key.provider} token from the cache.`, {
        cause,
        provider: key.provider,
      })
    }
    if (typeof value !== 'string') return undefined
    try {
      return decodeToken(key, value, this.#codec)
    } catch (error) {
      // A cached copy we cannot read is worthless when the source can answer instead.
      if (!this.source) throw error
      await this.#invalidateOrSuspect(key)
      return undefined
    }
  }

  async #fill(key: TokenKey, token: Token): Promise<void> {
    // A key with a failed invalidation stays uncached until the retry succeeds.
    if (this.#isSuspect(key)) return
    try {
      await this.#call(() =>
        this.cache.set(this.#key(key), encodeToken(key, token, this.#codec), this.#ttlMs),
      )
    } catch {
      // Filling is an optimisation; the token was read from the source and is returned anyway.
    }
  }

  #invalidate(key: TokenKey): Promise<void> {
    return this.#write('invalidate', key, () => this.cache.delete(this.#key(key)))
  }

  /** Invalidates; on failure marks the key suspect, retries in the background and returns the error. */
  async #invalidateOrSuspect(key: TokenKey): Promise<DanceError | undefined> {
    try {
      await this.#invalidate(key)
      return undefined
    } catch (error) {
      this.#suspect(key)
      return error as DanceError
    }
  }

  #isSuspect(key: TokenKey): boolean {
    const name = this.#key(key)
    const suspect = this.#suspects.get(name)
    if (!suspect) return false
    if (Date.now() < suspect.until) return true
    this.#clearSuspect(name)
    return false
  }

  #clearSuspect(name: string): void {
    const suspect = this.#suspects.get(name)
    if (suspect?.timer) clearTimeout(suspect.timer)
    this.#suspects.delete(name)
  }

  #suspect(key: TokenKey): void {
    const name = this.#key(key)
    // Without a TTL a cached copy never expires by itself: keep retrying for a day at most.
    const until = Date.now() + (this.#ttlMs ?? 86_400_000) + this.#timeoutMs
    const known = this.#suspects.get(name)
    if (known) {
      known.until = until
      return
    }
    if (this.#suspects.size >= MAX_SUSPECT) {
      const oldest = this.#suspects.keys().next().value
      if (oldest !== undefined) this.#clearSuspect(oldest)
    }
    const suspect: Suspect = { until }
    this.#suspects.set(name, suspect)
    const retry = (delay: number) => {
      suspect.timer = setTimeout(() => {
        if (this.#suspects.get(name) !== suspect) return
        if (Date.now() >= suspect.until) {
          this.#suspects.delete(name)
          return
        }
        this.#call(() => this.cache.delete(name)).then(
          () => {
            if (this.#suspects.get(name) === suspect) this.#suspects.delete(name)
          },
          () => retry(Math.min(delay * 2, RETRY_MAX_MS)),
        )
      }, delay)
      suspect.timer.unref?.()
    }
    retry(RETRY_MIN_MS)
  }

  async #write(what: string, key: TokenKey, fn: () => Promise<unknown>): Promise<void> {
    try {
      await this.#call(fn)
    } catch (cause) {
      throw new DanceError('storage_error', `Could not ${what} the ${key.provider} token in the cache.`, {
        cause,
        provider: key.provider,
      })
    }
  }
}
