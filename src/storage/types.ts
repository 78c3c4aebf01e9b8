/**
 * The token storage interface: three methods over a {@link TokenKey}. Write your own by implementing
 * {@link TokenStorage}; see docs/storage.md.
 *
 * Tokens are confidential in storage (RFC 6749 §10.3, §10.4).
 */
import type { SessionPort } from '../context.js'
import { DanceError } from '../errors.js'
import type { Token } from '../token.js'

/** Names whose token: the provider (blueprint name), and when known the app user and provider account. */
export interface TokenKey {
  /** The blueprint name, e.g. `github`. */
  readonly provider: string
  /** The app's user id, from the blueprint's user resolver. Absent for anonymous/session storage. */
  readonly userId?: string | undefined
  /** The provider account id, when a user links several accounts of one provider. */
  readonly accountId?: string | undefined
}

/** What a storage may need from the current request (only the session storage uses it). */
export interface StorageContext {
  readonly session?: SessionPort | undefined
}

/** The three-method token storage interface. Methods may be sync or async. */
export interface TokenStorage {
  /** The stored token, or undefined when there is none. */
  get(key: TokenKey, context: StorageContext): Promise<Token | undefined> | Token | undefined
  /** Stores (inserts or replaces) the token. */
  set(key: TokenKey, token: Token, context: StorageContext): Promise<void> | void
  /** Deletes the token; deleting a missing token is not an error. */
  delete(key: TokenKey, context: StorageContext): Promise<void> | void
  /**
   * Optional: the authoritative copy, bypassing any cache. The refresher reads through it under its
   * lock, so a process-local cache in front of a shared database never hides another process's refresh
   * (which would make this process present a spent, rotated refresh token).
   */
  getLatest?(key: TokenKey, context: StorageContext): Promise<Token | undefined> | Token | undefined
  /**
   * True when a key without a user id is still one visitor's: the storage keeps each browser apart by
   * itself (the session), keeps nothing, or was declared single-user. Any other storage is shared by
   * every visitor, so blueprints refuse to use it without a user id (`user_required`): anonymous
   * visitors would otherwise share one token.
   */
  readonly allowsAnonymous?: boolean
}

/**
 * Throws `storage_error` for an empty user or account id: `''` is no id (SQL stores "none" as `''`,
 * and a cache key would not tell them apart), so it must never name a token.
 */
export function assertKeyIds(key: TokenKey): void {
  for (const id of [key.userId, key.accountId]) {
    // An object here (a hook's `{ userId: user }`) would stringify to one key shared by everyone.
    if (id !== undefined && typeof id !== 'string') {
      throw new DanceError('storage_error', `A ${key.provider} token key has an id that is not a string.`, {
        provider: key.provider,
      })
    }
  }
  if (key.userId === '' || key.accountId === '') {
    throw new DanceError('storage_error', `A ${key.provider} token key has an empty user or account id.`, {
      provider: key.provider,
    })
  }
  // A lone surrogate (valid in JSON, so a provider's `sub` can hold one) is sent to PostgreSQL and
  // MySQL as U+FFFD by their drivers: `\ud800`, `\udbff` and `\ufffd` would all be one row.
  if (!wellFormed(key.userId) || !wellFormed(key.accountId)) {
    throw new DanceError(
      'storage_error',
      `A ${key.provider} token key has an id that is not well-formed Unicode.`,
      {
        provider: key.provider,
      },
    )
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function wellFormed(id: string | undefined): boolean {
  return id === undefined || !LONE_SURROGATE.test(id)
}

/** Reads `key` through `getLatest` when the storage has it, else through `get`. */
export function readLatest(
  storage: TokenStorage,
  key: TokenKey,
  context: StorageContext,
): Promise<Token | undefined> | Token | undefined {
  return storage.getLatest ? storage.getLatest(key, context) : storage.get(key, context)
}

/** A stable string for a key, for maps and cache keys. Parts are URI-encoded so `:` never collides. */
export function serializeKey(key: TokenKey): string {
  assertKeyIds(key)
  const part = (v: string | undefined) => (v === undefined ? '' : encodeURIComponent(v))
  return `${part(key.provider)}:${part(key.userId)}:${part(key.accountId)}`
}
