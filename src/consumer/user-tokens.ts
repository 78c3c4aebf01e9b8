/**
 * The tokens of the request's user for one blueprint: whose token a request means (the user resolver,
 * memoised per request), one storage read per request and key, saving and deleting, refresh when due
 * (single flight), and logout (delete locally, then revoke).
 */
import type { LogoutResult } from '../client/api-client.js'
import type { RequestScope } from '../context.js'
import { DanceError, isDanceError } from '../errors.js'
import type { SwitchableLog } from '../log.js'
import { DEFAULT_TIMEOUT_MS } from '../protocol/http.js'
import type { Protocol } from '../protocol/protocol.js'
import { assertSameIdentity } from '../refresh/id-token.js'
import { InProcessLock } from '../refresh/lock.js'
import { Refresher } from '../refresh/refresher.js'
import { type RefreshReason, refreshDue } from '../refresh/token-freshness.js'
import { assertKeyIds, serializeKey, type TokenKey, type TokenStorage } from '../storage/types.js'
import { isExpiring, type Token, withRemainingLifetime } from '../token.js'
import type { BlueprintOptions } from './options.js'

/** Whose token: a user id (else the request's user) and an optional linked provider account. */
export interface TokenOwner {
  userId?: string | undefined
  accountId?: string | undefined
}

/** The request's user's tokens of one blueprint. */
export class UserTokens {
  /** Where tokens are kept; replaceable at any time. */
  storage: TokenStorage
  /** Seconds before expiry at which tokens are refreshed. */
  readonly margin: number
  readonly #name: string
  readonly #options: BlueprintOptions
  readonly #protocol: Protocol
  readonly #refresher: Refresher

  constructor(options: BlueprintOptions, storage: TokenStorage, protocol: Protocol, log: SwitchableLog) {
    this.#name = options.name
    this.#options = options
    this.#protocol = protocol
    this.storage = storage
    this.margin = options.refreshMargin ?? 60
    const validate = options.validateRefreshedToken
    this.#refresher = new Refresher({
      provider: options.name,
      storage: () => this.storage,
      grant: async (token) => {
        log('refresh.start')
        try {
          const fresh = await protocol.refresh(token)
          log('refresh.done')
          return fresh
        } catch (error) {
          log('refresh.failed', isDanceError(error) ? { error: error.code } : {})
          throw error
        }
      },
      validate: async (original, fresh) => {
        assertSameIdentity(original, fresh, options.name)
        await validate?.(original, fresh)
      },
      margin: this.margin,
      lock: options.refreshLock ?? new InProcessLock(),
      lockTtlMs: options.refreshLockTtlMs ?? defaultRefreshLockTtlMs(options.timeoutMs),
    })
  }

  /**
   * The storage key for the request's user and an optional provider account; the user resolver runs
   * at most once per request and blueprint.
   */
  async key(scope: RequestScope, accountId?: string): Promise<TokenKey> {
    const resolver = this.#options.user
    if (!resolver) return this.#owned({ provider: this.#name, accountId })
    const memoKey = `user\u0000${this.#name}`
    let userId = scope.memo.get(memoKey) as Promise<string | undefined> | undefined
    if (!userId) {
      userId = Promise.resolve(resolver(new ResolverContext(scope))).then((id) => this.#userIdOf(id))
      scope.memo.set(memoKey, userId)
    }
    const id = await userId
    if (id === undefined && this.#options.userRequired) {
      throw new DanceError(
        'user_required',
        `Using ${this.#name} needs a logged-in user, and there is none.`,
        {
          provider: this.#name,
        },
      )
    }
    return this.#owned({ provider: this.#name, userId: id, accountId })
  }

  /**
   * The stored token under `key`, read from storage at most once per request and key, as the app sees
   * it: `expires_in` recomputed from `expires_at` (see {@link readable}).
   */
  async load(scope: RequestScope, key: TokenKey): Promise<Token | undefined> {
    return readable(await this.#stored(scope, key))
  }

  /**
   * The token under `key` as stored (`expires_in` the lifetime it was issued with, which the refresh
   * rule reads), read from storage at most once per request and key.
   */
  #stored(scope: RequestScope, key: TokenKey): Promise<Token | undefined> {
    // Not `async`: the memoised promise is handed back as is, without wrapping it in another one.
    try {
      const memoKey = tokenMemoKey(key)
      const memo = scope.memo
      let pending = memo.get(memoKey) as Promise<Token | undefined> | undefined
      if (!pending) {
        pending = Promise.resolve(this.storage.get(key, { session: scope.session }))
        memo.set(memoKey, pending)
        pending.catch(() => memo.delete(memoKey))
      }
      return pending
    } catch (error) {
      // A storage that throws synchronously still rejects.
      return Promise.reject(error)
    }
  }

  /** Stores a token for the request's user (or the given one) and updates the request cache. */
  async save(scope: RequestScope, token: Token, who: TokenOwner = {}): Promise<void> {
    const key =
      who.userId !== undefined
        ? this.#owned({ provider: this.#name, userId: who.userId, accountId: who.accountId })
        : await this.key(scope, who.accountId)
    await this.storage.set(key, token, { session: scope.session })
    scope.memo.set(tokenMemoKey(key), Promise.resolve(token))
  }

  /** Deletes the request's user's token and clears the request cache. */
  async delete(scope: RequestScope, accountId?: string): Promise<void> {
    const key = await this.key(scope, accountId)
    await this.storage.delete(key, { session: scope.session })
    scope.memo.set(tokenMemoKey(key), Promise.resolve(undefined))
  }

  /** A token fit to use now: refreshed first when it expires within the margin and can be refreshed. */
  async valid(scope: RequestScope, accountId?: string): Promise<Token | undefined> {
    // Without a user resolver the key needs no await (`key` would answer the same, one tick later).
    const key = this.#options.user
      ? await this.key(scope, accountId)
      : this.#owned({ provider: this.#name, accountId })
    const token = await this.#stored(scope, key)
    if (!token || !refreshDue(token, this.margin) || !this.#protocol.canRefresh(token)) return readable(token)
    try {
      return readable(await this.refresh(scope, key, token, 'expiring'))
    } catch (error) {
      // A provider hiccup, or a storage or lock failure, inside the margin need not fail the request:
      // the old token still works.
      const transient =
        isDanceError(error, 'refresh_failed') ||
        isDanceError(error, 'provider_timeout') ||
        isDanceError(error, 'storage_error')
      if (transient && !isExpiring(token, 0)) return readable(token)
      throw error
    }
  }

  /**
   * Refreshes `token` once for all concurrent callers (single flight, then the `refreshLock` and a
   * re-read of the storage), saves it and updates the request cache.
   */
  async refresh(scope: RequestScope, key: TokenKey, token: Token, reason: RefreshReason): Promise<Token> {
    const memoKey = tokenMemoKey(key)
    try {
      const fresh = await this.#refresher.refresh(key, token, { session: scope.session }, reason)
      scope.memo.set(memoKey, Promise.resolve(fresh))
      return fresh
    } catch (error) {
      if (isDanceError(error, 'reauth_required')) scope.memo.set(memoKey, Promise.resolve(undefined))
      throw error
    }
  }

  /**
   * Logout: deletes the local token (waiting for a refresh in flight), then revokes it at the provider;
   * when the delete fails, revokes anyway and throws the delete's error.
   */
  async revokeAndDelete(scope: RequestScope, accountId?: string): Promise<LogoutResult> {
    const key = await this.key(scope, accountId)
    const context = { session: scope.session }
    const seen = await this.storage.get(key, context)
    const outcome = seen
      ? await this.#refresher.exclusive(key, seen, context, async (current) => {
          try {
            await this.storage.delete(key, context)
            return { token: current ?? seen, failure: undefined }
          } catch (failure) {
            return { token: current ?? seen, failure }
          }
        })
      : undefined
    scope.memo.set(tokenMemoKey(key), Promise.resolve(undefined))
    if (!outcome) return { revoked: false, reason: 'no_token' }
    const token = outcome.token
    if (outcome.failure !== undefined) {
      // The local copy may still be served (a cache that refused the invalidation): revoking it at the
      // provider is then the only way to end it, and the logout must not report success.
      await this.#protocol.revoke(token).catch(() => false)
      throw outcome.failure
    }
    try {
      return (await this.#protocol.revoke(token))
        ? { revoked: true }
        : { revoked: false, reason: 'unsupported' }
    } catch (cause) {
      const error = isDanceError(cause)
        ? cause
        : new DanceError('revocation_failed', `Revoking the ${this.#name} token failed.`, {
            cause,
            provider: this.#name,
          })
      return { revoked: false, reason: 'failed', error }
    }
  }

  /**
   * `key` when it names one visitor's token: it has a user id, or the storage keeps each browser apart
   * (the session). A shared storage (SQL, a cache, memory) keyed without a user would hand every
   * anonymous visitor the same token, so that throws `user_required`; `''` is no user id.
   */
  #owned(key: TokenKey): TokenKey {
    return ownedKey(this.storage, key)
  }

  /**
   * The resolver's answer as a user id. Only a string or a number names a user: anything else (the
   * user object instead of its id) would turn every user into the same `[object Object]` key.
   */
  #userIdOf(id: unknown): string | undefined {
    if (id === undefined || id === null || id === '') return undefined
    if (typeof id === 'string') return id
    if (typeof id === 'number' && Number.isFinite(id)) return String(id)
    throw new DanceError(
      'config_invalid',
      `The ${this.#name} user resolver must return a user id (a string or a number), not an object or another type.`,
      { provider: this.#name },
    )
  }
}

/**
 * What a user resolver is given. The standard Request is built only if the resolver reads it (most
 * read the session or the native request). A class, so the getter sits on its prototype: an object
 * literal with a getter gets a hidden class of its own holding the getter's closure, which kept each
 * request's objects alive past the young generation (bench/NOTES.md item 15).
 */
class ResolverContext {
  readonly native: unknown
  readonly session: RequestScope['session']
  readonly #scope: RequestScope

  constructor(scope: RequestScope) {
    this.native = scope.native
    this.session = scope.session
    this.#scope = scope
  }

  get request(): Request {
    return this.#scope.request()
  }
}

/**
 * A stored token as the app's code, `client.token()` and the API call see it: `expires_in` the seconds
 * left until `expires_at`, never negative. Done here, where every read for the app passes, and not in
 * the storages: each kind (and the app's own) then stays a plain store, and the stored `expires_in`
 * keeps the lifetime the token was issued with, which the refresh rule halves for short-lived tokens.
 */
function readable(token: Token | undefined): Token | undefined {
  return token && withRemainingLifetime(token)
}

/** The request-scope memo key of a token; every reader and writer of the request cache uses it. */
function tokenMemoKey(key: TokenKey): string {
  return `token\u0000${serializeKey(key)}`
}

/**
 * `key` when it may be used with `storage`: with a user id, or in a storage that keeps each browser
 * apart; throws `user_required` otherwise, and for an empty user id.
 */
export function ownedKey(storage: TokenStorage, key: TokenKey): TokenKey {
  if (key.userId === '') {
    throw new DanceError('user_required', `An empty string is not a user id (${key.provider}).`, {
      provider: key.provider,
    })
  }
  if (key.userId === undefined && !storage.allowsAnonymous) {
    throw new DanceError(
      'user_required',
      `The ${key.provider} tokens are kept in a storage every visitor shares, and this request has no user: give the blueprint a \`user\` resolver that finds one (or keep tokens in the session).`,
      { provider: key.provider },
    )
  }
  // The same id rules for every storage, the app's own included, not only for ours.
  assertKeyIds(key)
  return key
}

/**
 * The default lifetime of a refresh lock: every network call a refresh can make, each bounded by
 * `timeoutMs` (discovery, the token call, two JWKS fetches when the ID token names a new key), plus
 * 5 s for the storage read and write. Locks are renewed while held; this bound is what a crashed
 * holder costs, and how long a Redis lock stays fenced after Redis lost its keys.
 */
export function defaultRefreshLockTtlMs(timeoutMs: number | undefined): number {
  return 4 * (timeoutMs ?? DEFAULT_TIMEOUT_MS) + 5_000
}
