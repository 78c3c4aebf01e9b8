/**
 * Token storage on Keyv (any Keyv store: in memory, Redis through `@keyv/redis`, ...), used alone or
 * as a read-through cache in front of another storage (usually {@link SqlStorage}).
 *
 * In front of a source, reads try the cache first and fill it from the source on a miss; writes go to
 * the source first, then replace the cached copy; deletes remove both. Misses are not cached, so a
 * user without a token still reads the source once per request.
 *
 * ```ts
 * const cache = new Keyv({ store: new KeyvRedis('redis://127.0.0.1:6379'), namespace: 'tokens', throwOnErrors: true })
 * const storage = new CacheStorage({ cache, source: new SqlStorage({ db }) })
 * ```
 *
 * @see https://keyv.org/docs/
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.3
 */
import type Keyv from 'keyv'
import { DanceError } from '../errors.js'
import type { Token } from '../token.js'
import { decodeToken, encodeToken, type TokenEncryption } from './encryption.js'
import { readLatest, type StorageContext, serializeKey, type TokenKey, type TokenStorage } from './types.js'

/**
 * Options of {@link CacheStorage}.
 * @see https://keyv.org/docs/
 */
export interface CacheStorageOptions {
  /**
   * The Keyv instance. Create it with `throwOnErrors: true`: otherwise Keyv swallows store errors,
   * and a failed invalidation could leave a deleted token in the cache.
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
}

/**
 * Tokens in a Keyv store, alone or in front of another storage.
 * @see https://keyv.org/docs/
 */
export class CacheStorage implements TokenStorage {
  /** The Keyv instance. */
  readonly cache: Keyv
  /** The storage behind the cache, if any; read it directly to bypass the cache. */
  readonly source: TokenStorage | undefined
  readonly #ttlMs: number | undefined
  readonly #prefix: string
  readonly #codec: { encryption?: TokenEncryption | undefined; readPlaintext?: boolean | undefined }

  constructor(options: CacheStorageOptions) {
    this.cache = options.cache
    this.source = options.source
    const ttl = options.ttlSeconds ?? (options.source ? 600 : undefined)
    if (ttl !== undefined && !(ttl > 0)) {
      throw new DanceError('config_invalid', 'CacheStorage ttlSeconds must be a positive number.')
    }
    this.#ttlMs = ttl === undefined ? undefined : Math.round(ttl * 1000)
    this.#prefix = options.prefix ?? 'token:'
    this.#codec = { encryption: options.encryption, readPlaintext: options.readPlaintext }
  }

  /** The cached token; on a miss, the source's (then cached). Misses are not cached. */
  async get(key: TokenKey, context: StorageContext): Promise<Token | undefined> {
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
    if (token === undefined) await this.#invalidate(key)
    else await this.#fill(key, token)
    return token
  }

  /** Drops the cached copy, writes the source, then caches the new token. */
  async set(key: TokenKey, token: Token, context: StorageContext): Promise<void> {
    if (this.source) {
      // Drop the old copy before the source changes, so a failure in between never leaves it served.
      await this.#invalidate(key)
      await this.source.set(key, token, context)
      // The token is stored and no copy is cached: failing to cache it now only costs one read.
      await this.#fill(key, token)
      return
    }
    await this.#write('write', key, () =>
      this.cache.set(this.#key(key), encodeToken(key, token, this.#codec), this.#ttlMs),
    )
  }

  /** Drops the cached copy, deletes from the source, and drops the copy again (a racing read may refill it). */
  async delete(key: TokenKey, context: StorageContext): Promise<void> {
    await this.#invalidate(key)
    if (this.source) {
      await this.source.delete(key, context)
      // A reader that filled the cache between our two steps would resurrect the token; clear again.
      await this.#invalidate(key)
    }
  }

  #key(key: TokenKey): string {
    return `${this.#prefix}${serializeKey(key)}`
  }

  async #cached(key: TokenKey): Promise<Token | undefined> {
    let value: unknown
    try {
      value = await this.cache.get(this.#key(key))
    } catch (cause) {
      // In front of a source, an unreachable cache only costs speed; alone, it is the storage.
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
      await this.#invalidate(key)
      return undefined
    }
  }

  async #fill(key: TokenKey, token: Token): Promise<void> {
    try {
      await this.cache.set(this.#key(key), encodeToken(key, token, this.#codec), this.#ttlMs)
    } catch {
      // Filling is an optimisation; the token was read from the source and is returned anyway.
    }
  }

  #invalidate(key: TokenKey): Promise<void> {
    return this.#write('invalidate', key, () => this.cache.delete(this.#key(key)))
  }

  async #write(what: string, key: TokenKey, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn()
    } catch (cause) {
      throw new DanceError('storage_error', `Could not ${what} the ${key.provider} token in the cache.`, {
        cause,
        provider: key.provider,
      })
    }
  }
}
