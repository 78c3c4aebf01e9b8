/**
 * Tokens in the request scope for a {@link Blueprint}: whose token the request means (the user
 * resolver, memoised per request), the one storage read per request and key, and logout (delete
 * locally, then revoke). The class methods `tokenKey`, `loadToken` and `revokeAndDelete` delegate here.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2 (revocation at logout)
 */
import type { RequestScope } from '../context.js'
import { DanceError, isDanceError } from '../errors.js'
import type { SwitchableLog } from '../log.js'
import { DEFAULT_TIMEOUT_MS } from '../protocol/http.js'
import { InProcessLock } from '../refresh/lock.js'
import { Refresher } from '../refresh/refresher.js'
import { type RefreshReason, refreshDue } from '../refresh/token-freshness.js'
import { assertKeyIds, serializeKey, type TokenKey, type TokenStorage } from '../storage/types.js'
import { isExpiring, type Token } from '../token.js'
import type { Blueprint } from './blueprint.js'
import { isTransientRefreshFailure } from './blueprint-helpers.js'
import type { BlueprintOptions, LogoutResult } from './blueprint-options.js'

/**
 * The request-scope memo key of a token; every reader and writer of the request cache uses it.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-7
 */
export function tokenMemoKey(key: TokenKey): string {
  return `token\u0000${serializeKey(key)}`
}

/**
 * The storage key for the current request's user and an optional provider account; the user resolver
 * runs at most once per request and provider.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.6
 */
export async function resolveTokenKey(
  scope: RequestScope,
  name: string,
  options: BlueprintOptions,
  storage: TokenStorage,
  accountId?: string,
): Promise<TokenKey> {
  const resolver = options.user
  if (!resolver) return ownedKey(storage, { provider: name, accountId })
  const memoKey = `user\u0000${name}`
  let userId = scope.memo.get(memoKey) as Promise<string | undefined> | undefined
  if (!userId) {
    userId = Promise.resolve(
      resolver({ native: scope.native, request: scope.request(), session: scope.session }),
    ).then((id) => userIdOf(name, id))
    scope.memo.set(memoKey, userId)
  }
  const id = await userId
  if (id === undefined && options.userRequired) {
    throw new DanceError('user_required', `Using ${name} needs a logged-in user, and there is none.`, {
      provider: name,
    })
  }
  return ownedKey(storage, { provider: name, userId: id, accountId })
}

/**
 * The resolver's answer as a user id. Only a string or a number names a user: anything else (the
 * user object instead of its id) would turn every user into the same `[object Object]` key.
 */
function userIdOf(name: string, id: unknown): string | undefined {
  if (id === undefined || id === null || id === '') return undefined
  if (typeof id === 'string') return id
  if (typeof id === 'number' && Number.isFinite(id)) return String(id)
  throw new DanceError(
    'config_invalid',
    `The ${name} user resolver must return a user id (a string or a number), not an object or another type.`,
    { provider: name },
  )
}

/**
 * `key` when it names one visitor's token: it has a user id, or the storage keeps each browser apart
 * (the session). A shared storage (SQL, a cache, memory) keyed without a user would hand every
 * anonymous visitor the same token, so that throws `user_required`; `''` is no user id.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.6
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
 * The stored token for the current request, read from storage at most once per request and key.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-7
 */
export function loadMemoisedToken(
  scope: RequestScope,
  storage: TokenStorage,
  key: TokenKey,
): Promise<Token | undefined> {
  // Not `async`: the memoised promise is handed back as is, without wrapping it in another one.
  try {
    const memoKey = tokenMemoKey(key)
    const memo = scope.memo
    let pending = memo.get(memoKey) as Promise<Token | undefined> | undefined
    if (!pending) {
      pending = Promise.resolve(storage.get(key, { session: scope.session }))
      memo.set(memoKey, pending)
      pending.catch(() => memo.delete(memoKey))
    }
    return pending
  } catch (error) {
    // A storage that throws synchronously still rejects, as it did when this method was async.
    return Promise.reject(error)
  }
}

/**
 * Logout: deletes the local token (waiting for a refresh in flight), then revokes it at the provider;
 * when the delete fails, revokes anyway and throws the delete's error. See `Blueprint.revokeAndDelete`.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
 */
export async function revokeAndDeleteToken(
  blueprint: Blueprint,
  refresher: Refresher,
  scope: RequestScope,
  accountId?: string,
): Promise<LogoutResult> {
  const key = await blueprint.tokenKey(scope, accountId)
  const context = { session: scope.session }
  const seen = await blueprint.storage.get(key, context)
  const outcome = seen
    ? await refresher.exclusive(key, seen, context, async (current) => {
        try {
          await blueprint.storage.delete(key, context)
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
    await blueprint.revokeToken(token).catch(() => false)
    throw outcome.failure
  }
  try {
    return (await blueprint.revokeToken(token))
      ? { revoked: true }
      : { revoked: false, reason: 'unsupported' }
  } catch (cause) {
    const error = isDanceError(cause)
      ? cause
      : new DanceError('revocation_failed', `Revoking the ${blueprint.name} token failed.`, {
          cause,
          provider: blueprint.name,
        })
    return { revoked: false, reason: 'failed', error }
  }
}

/**
 * A token fit to use now, refreshed first when due; see `Blueprint.validToken`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export async function validTokenFor(
  blueprint: Blueprint,
  hasUserResolver: boolean,
  scope: RequestScope,
  accountId?: string,
): Promise<Token | undefined> {
  // Without a user resolver the key needs no await (tokenKey would answer the same, one tick later).
  const key = hasUserResolver
    ? await blueprint.tokenKey(scope, accountId)
    : ownedKey(blueprint.storage, { provider: blueprint.name, accountId })
  const token = await blueprint.loadToken(scope, key)
  if (!token || !refreshDue(token, blueprint.refreshMargin) || !blueprint.canRefresh(token)) return token
  try {
    return await blueprint.refresh(scope, key, token, 'expiring')
  } catch (error) {
    // A provider hiccup, or a storage or lock failure, inside the margin need not fail the request:
    // the old token still works.
    const transient = isTransientRefreshFailure(error) || isDanceError(error, 'storage_error')
    if (transient && !isExpiring(token, 0)) return token
    throw error
  }
}

/**
 * Refreshes `token` through the single-flight refresher and updates the request cache; see
 * `Blueprint.refresh`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export async function refreshInScope(
  refresher: Refresher,
  scope: RequestScope,
  key: TokenKey,
  token: Token,
  reason: RefreshReason,
): Promise<Token> {
  const memoKey = tokenMemoKey(key)
  try {
    const fresh = await refresher.refresh(key, token, { session: scope.session }, reason)
    scope.memo.set(memoKey, Promise.resolve(fresh))
    return fresh
  } catch (error) {
    if (isDanceError(error, 'reauth_required')) scope.memo.set(memoKey, Promise.resolve(undefined))
    throw error
  }
}

/**
 * The single-flight refresher of a blueprint: logs each refresh grant, and locks across processes with
 * the `refreshLock` option (default: this process only).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function createBlueprintRefresher(
  options: BlueprintOptions,
  log: SwitchableLog,
  parts: {
    storage: () => TokenStorage
    grant: (token: Token) => Promise<Token>
    validate: (original: Token, fresh: Token) => Promise<void> | void
    margin: number
  },
): Refresher {
  return new Refresher({
    provider: options.name,
    storage: parts.storage,
    grant: async (token) => {
      log('refresh.start')
      try {
        const fresh = await parts.grant(token)
        log('refresh.done')
        return fresh
      } catch (error) {
        log('refresh.failed', isDanceError(error) ? { error: error.code } : {})
        throw error
      }
    },
    validate: parts.validate,
    margin: parts.margin,
    lock: options.refreshLock ?? new InProcessLock(),
    lockTtlMs: options.refreshLockTtlMs ?? defaultRefreshLockTtlMs(options.timeoutMs),
  })
}

/**
 * The default lifetime of a refresh lock: every network call a refresh can make, each bounded by
 * `timeoutMs` (discovery, the token call, two JWKS fetches when the ID token names a new key), plus
 * 5 s for the storage read and write. Locks are renewed while held as well; this bound is what a
 * crashed holder costs, and how long a Redis lock stays fenced after Redis lost its keys.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2
 */
export function defaultRefreshLockTtlMs(timeoutMs: number | undefined): number {
  return 4 * (timeoutMs ?? DEFAULT_TIMEOUT_MS) + 5_000
}
