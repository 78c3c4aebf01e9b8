/**
 * `oauth-dance/testing`: helpers for the tests of apps that use oauth-dance, so a route that calls
 * `github.get('/user')` can be tested without a real login. Tokens are put where a real login puts
 * them, through the blueprint's own storage; the request-scoped client, refresh and the app's `user`
 * resolver then run as in production. Nothing here imports a test framework.
 *
 * - {@link injectToken}: store a token for a blueprint (inside a request scope, or for a given
 *   user / session outside one).
 * - {@link withRequestScope}: run code in a request scope without a web framework.
 * - {@link withTestTokens}: Express middleware that logs every request in with the given tokens.
 * - {@link apiRecording}: record a blueprint's back-channel calls to a file, secrets scrubbed, and
 *   replay them offline.
 *
 * Guide: docs/testing.md.
 */

import { indexBlueprints } from '../adapters/registry.js'
import type { Blueprint } from '../consumer/blueprint.js'
import { ownedKey } from '../consumer/user-tokens.js'
import type { SessionPort } from '../context.js'
import { currentScope, type RequestScope, runInScope } from '../context.js'
import { DanceError } from '../errors.js'
import { SessionStorage } from '../storage/session.js'
import type { TokenKey } from '../storage/types.js'
import { type Token, withExpiresAt } from '../token.js'
import { refuseInProduction } from './production-guard.js'

export type {
  RecordedBody,
  RecordedCall,
  RecordedRequest,
  RecordedResponse,
  RecordingFile,
} from './recorded-call.js'
export { type ApiRecording, type ApiRecordingOptions, apiRecording, type RecordingMode } from './recorder.js'
export type { ScrubRules } from './scrub.js'

/**
 * A session for tests: any {@link SessionPort} (a `Map<string, unknown>` is one), or a plain object
 * such as express-session's data, which is read and written in place.
 */
export type TestSession = SessionPort | Record<string, unknown>

/**
 * Options of {@link withRequestScope}.
 */
export interface RequestScopeOptions {
  /** The blueprints the scoped clients (`github`) find by name, as `dance(...)` would register them. */
  blueprints: readonly Blueprint[]
  /** The session of the request (default: a new empty one). Keep a reference to look inside it. */
  session?: TestSession
  /** The request, or its URL (default `http://localhost/`), for user resolvers and hooks. */
  request?: Request | string
  /** What the framework's own request object would be (Express `req`), for user resolvers. */
  native?: unknown
}

/**
 * Runs `fn` inside a request scope, as an adapter does for each request, so the request-scoped clients
 * (`github.get('/user')`, `github.setToken(...)`) work in unit tests of code that is not a route.
 * Each call is a new request: the per-request token memo starts empty. Throws `duplicate_blueprint`
 * when two blueprints share a name or a route, as `dance(...)` does.
 *
 * @example
 * ```ts
 * const session = new Map<string, unknown>()
 * await withRequestScope({ blueprints: [blueprint], session }, () => github.setToken(token))
 * const user = await withRequestScope({ blueprints: [blueprint], session }, () => loadProfile())
 * ```
 */
export function withRequestScope<T>(options: RequestScopeOptions, fn: (scope: RequestScope) => T): T {
  const { byName } = indexBlueprints(options.blueprints)
  const given = options.request ?? 'http://localhost/'
  let request: Request | undefined = typeof given === 'string' ? undefined : given
  const scope: RequestScope = {
    // Built lazily, as the adapters do: most code never looks at the request.
    request: () => {
      request ??= new Request(given as string)
      return request
    },
    session: toSessionPort(options.session ?? new Map<string, unknown>()),
    native: options.native,
    blueprints: byName,
    memo: new Map(),
  }
  return runInScope(scope, () => fn(scope))
}

/**
 * Options of {@link injectToken}.
 */
export interface InjectTokenOptions {
  /**
   * The session to store into, for session storage outside a request. Inside a request scope the
   * scope's session is used.
   */
  session?: TestSession
  /**
   * The app user the token belongs to, for blueprints with a `user` resolver. Inside a request scope
   * the resolver decides when this is not given, as after a real login.
   */
  userId?: string | number
  /** The provider account, for apps that link several accounts of one provider (`client.account(id)`). */
  accountId?: string
}

/**
 * Stores `token` for `blueprint` the way a successful login does: through the blueprint's storage
 * (session, SQL, cache, encrypted or not), under the key its clients will read. Inside a request scope
 * (a route, {@link withRequestScope}) it also updates the request's token memo, and without a `userId`
 * the blueprint's `user` resolver picks the user. Outside one, the key is built from the options,
 * so give `userId` when the blueprint has a `user` resolver. A token with `expires_in` and no
 * `expires_at` gets one, as on receipt. Resolves to the key it wrote.
 *
 * Throws `config_invalid` when `NODE_ENV` says production, as {@link withTestTokens} does.
 * Throws `session_unavailable` for session storage outside a request without `session`: an app's
 * sessions cannot be reached from outside; use {@link withTestTokens} in the app instead.
 *
 * @example
 * ```ts
 * await injectToken(blueprint, { access_token: 'test-token', token_type: 'bearer' }, { userId: 42 })
 * ```
 */
export async function injectToken(
  blueprint: Blueprint,
  token: Token,
  options: InjectTokenOptions = {},
): Promise<TokenKey> {
  // It writes a token for any user into whatever storage the blueprint has, the real one included.
  refuseInProduction('injectToken stores a token for any user')
  const received = token.expires_at === undefined ? withExpiresAt(token) : token
  const userId = options.userId === undefined ? undefined : String(options.userId)
  const scope = currentScope()
  if (scope && options.session === undefined) {
    const who = {
      ...(userId !== undefined && { userId }),
      ...(options.accountId !== undefined && { accountId: options.accountId }),
    }
    await blueprint.saveToken(scope, received, who)
    return userId !== undefined
      ? { provider: blueprint.name, userId, accountId: options.accountId }
      : blueprint.tokenKey(scope, options.accountId)
  }
  const session = options.session === undefined ? undefined : toSessionPort(options.session)
  if (!session && blueprint.storage instanceof SessionStorage) {
    throw new DanceError(
      'session_unavailable',
      `The ${blueprint.name} blueprint keeps tokens in the session, and injectToken was given none outside a request. Pass { session }, call it inside withRequestScope, or mount withTestTokens in the app.`,
      { provider: blueprint.name },
    )
  }
  const key = ownedKey(blueprint.storage, { provider: blueprint.name, userId, accountId: options.accountId })
  await blueprint.storage.set(key, received, { session })
  return key
}

/**
 * A token for every request, or a function of the request that returns one (or none).
 */
export type TestTokenSource =
  | Token
  | ((context: { request: Request; native: unknown }) => Token | undefined | Promise<Token | undefined>)

/**
 * Options of {@link withTestTokens}.
 */
export interface TestTokensOptions {
  /**
   * Store the token on every request, replacing what is stored (default false: only when the request's
   * user has no token yet, so a token the app refreshed or replaced during a test is kept). A deleted
   * token comes back on the next request either way; to test logout, log requests in with a function.
   */
  overwrite?: boolean
}

/**
 * A middleware of the `(req, res, next)` shape; Express accepts it as is. Typed structurally so this
 * module needs no framework's types.
 */
export type TestTokenMiddleware = (req: unknown, res: unknown, next: (error?: Error) => void) => void

/**
 * Express middleware for test apps: before each request reaches the routes, stores the given tokens
 * (by blueprint name) for the request's user, as if they had logged in. Mount it after `dance(...)`
 * (it needs the request scope) and before the routes. Use a function of the request to log in only
 * some requests (by a test header, say). Works with any storage, including the session.
 *
 * Refuses to be created when `NODE_ENV` says production (`config_invalid`), since it logs everyone in.
 *
 * @example
 * ```ts
 * app.use(dance(blueprint))
 * app.use(withTestTokens({ github: { access_token: 'test-token', token_type: 'bearer' } }))
 * ```
 */
export function withTestTokens(
  tokens: Readonly<Record<string, TestTokenSource>>,
  options: TestTokensOptions = {},
): TestTokenMiddleware {
  refuseInProduction('withTestTokens logs every request in')
  const entries = Object.entries(tokens)
  return (_req, _res, next) => {
    const scope = currentScope()
    if (!scope) {
      next(
        new DanceError(
          'outside_request',
          'withTestTokens found no request scope: mount it after app.use(dance(...)).',
        ),
      )
      return
    }
    seed(scope, entries, options.overwrite === true).then(() => next(), next)
  }
}

async function seed(
  scope: RequestScope,
  entries: ReadonlyArray<readonly [string, TestTokenSource]>,
  overwrite: boolean,
): Promise<void> {
  for (const [name, source] of entries) {
    const blueprint = scope.blueprints.get(name) as Blueprint | undefined
    if (!blueprint) {
      throw new DanceError(
        'blueprint_not_registered',
        `withTestTokens has a token for "${name}", but no blueprint of that name is given to dance(...).`,
        { provider: name },
      )
    }
    const token =
      typeof source === 'function' ? await source({ request: scope.request(), native: scope.native }) : source
    if (token === undefined) continue
    if (!overwrite && (await blueprint.loadToken(scope, await blueprint.tokenKey(scope)))) continue
    await blueprint.saveToken(scope, token.expires_at === undefined ? withExpiresAt(token) : token)
  }
}

function toSessionPort(session: TestSession): SessionPort {
  if (isSessionPort(session)) return session
  // A plain object (express-session's data, say) is read and written in place, so the test sees it.
  return {
    get: (key) => session[key],
    set: (key, value) => {
      session[key] = value
    },
    delete: (key) => {
      delete session[key]
    },
  }
}

function isSessionPort(value: TestSession): value is SessionPort {
  return (
    typeof value.get === 'function' && typeof value.set === 'function' && typeof value.delete === 'function'
  )
}

export { type LoginAsOptions, loginAs, type TestUser } from './login-as.js'
export {
  type OAuth1StandInOptions,
  type OAuth2StandInOptions,
  type OidcStandInOptions,
  type StandIn,
  type StandInBlueprintOptions,
  startStandIn,
} from './stand-in/stand-in.js'
export type {
  StandInApiAnswer,
  StandInApiRequest,
  StandInApiRoute,
  StandInBehaviour,
  StandInEvent,
  StandInOptions,
  StandInUser,
} from './stand-in/types.js'
export { closeTestApps, type FetchHandlerApp, type InjectableApp, type TestApp } from './test-app.js'
