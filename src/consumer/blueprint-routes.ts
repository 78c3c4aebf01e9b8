/**
 * The two routes of a {@link Blueprint}: login (302 to the provider with a fresh transaction) and the
 * callback (consume the transaction once, get the token, run the hook, store, redirect). The class
 * methods `login` and `authorized` delegate here, so subclasses still extend the class alone.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1 (the authorization code flow)
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2 (the OAuth 1.0a redirection flow)
 */
import type { RequestScope } from '../context.js'
import { DanceError, isDanceError } from '../errors.js'
import type { SwitchableLog } from '../log.js'
import type { Token } from '../token.js'
import type { Blueprint } from './blueprint.js'
import { normalizeDecision } from './blueprint-helpers.js'
import type { BlueprintOptions, LoginResult, LoginStart } from './blueprint-options.js'
import { errorPage, redirect, withCookies } from './responses.js'
import { safeReturnTo } from './return-to.js'
import { regenerateSession } from './session.js'
import type { Transaction, TransactionCookieOptions, TransactionStore } from './transaction.js'

/**
 * What the routes need of their blueprint. Public members are read through `blueprint` at call time
 * (hooks and storage are replaceable at any time); protected ones come as values and calls that
 * dispatch to the blueprint, so subclass overrides still apply.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
export interface RouteHost {
  readonly blueprint: Blueprint
  readonly options: BlueprintOptions
  readonly log: SwitchableLog
  readonly transactions: TransactionStore
  readonly startLogin: (request: Request, redirectUri: string) => Promise<LoginStart>
  readonly callbackParams: (request: Request) => Promise<URLSearchParams>
  readonly callbackHandle: (params: URLSearchParams) => string | undefined
  readonly finishLogin: (
    params: URLSearchParams,
    transaction: Transaction,
    request: Request,
  ) => Promise<LoginResult>
  readonly cookieOptions: (request: Request) => TransactionCookieOptions
  readonly afterLoginUrl: (token: Token, request: Request) => string
  readonly fail: (scope: RequestScope, cause: unknown, cookies: string[]) => Promise<Response>
}

/**
 * The login route: 302 to the provider with a fresh transaction.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export async function loginRoute(host: RouteHost, scope: RequestScope): Promise<Response> {
  const { blueprint } = host
  const request = scope.request()
  try {
    const url = new URL(request.url)
    const returnTo = safeReturnTo(url.searchParams.get('next'))
    const redirectUri = blueprint.redirectUri(request)
    const start = await host.startLogin(request, redirectUri)
    const answer = await blueprint.hooks.beforeLogin?.({
      provider: blueprint.name,
      request,
      native: scope.native,
      authorizationUrl: start.authorizationUrl,
      returnTo,
    })
    if (answer instanceof Response) return answer
    host.log('login.redirect', { url: start.authorizationUrl })
    const cookies = host.transactions.create(
      { ...start.transaction, provider: blueprint.name, createdAt: Date.now(), redirectUri, returnTo },
      host.cookieOptions(request),
      request,
    )
    return redirect(start.authorizationUrl.href, cookies)
  } catch (error) {
    return host.fail(scope, error, [])
  }
}

/**
 * The callback route: consume the transaction once, get the token, run the hook, store, redirect.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 */
export async function authorizedRoute(host: RouteHost, scope: RequestScope): Promise<Response> {
  const { blueprint } = host
  const request = scope.request()
  const cookies: string[] = []
  try {
    const params = await host.callbackParams(request)
    host.log('callback.received', { method: request.method, params: params.keys() })
    const handle = host.callbackHandle(params)
    if (!handle) {
      throw new DanceError('state_missing', 'The callback has no state: it was not started by this app.', {
        provider: blueprint.name,
      })
    }
    // The callback answers only on a public origin, as the login does: reached any other way (an
    // http:// URL while the app is pinned to https, a forged Host), its cookies are not the app's.
    blueprint.publicOrigin(request)
    const cookieOptions = host.cookieOptions(request)
    const { transaction, clearCookie } = host.transactions.consume(
      request,
      blueprint.name,
      handle,
      cookieOptions,
    )
    cookies.push(clearCookie)
    host.log('callback.transaction')
    const result = await host.finishLogin(params, transaction, request)
    host.log('callback.token')
    // A fresh session before the hook: what the hook writes (the app's login) lands in the new one,
    // and nothing planted in the old one reaches it unless the app named the key.
    const regenerate = host.options.regenerateSession
    if (regenerate === true || (regenerate === undefined && scope.session?.regenerate)) {
      await regenerateSession(scope, { keep: host.options.keepSessionKeys ?? [] })
      host.log('session.regenerated')
    }
    const decision = await blueprint.hooks.authorized?.({
      provider: blueprint.name,
      request,
      native: scope.native,
      token: result.token,
      claims: result.claims,
      userinfo: result.userinfo,
      unverifiedUser: result.unverifiedUser,
      returnTo: transaction.returnTo,
    })
    const { store, userId, accountId, response } = normalizeDecision(decision)
    if (store) {
      await blueprint.saveToken(scope, result.token, { userId, accountId })
      host.log('callback.stored')
    }
    if (response) return withCookies(response, cookies)
    return redirect(transaction.returnTo ?? host.afterLoginUrl(result.token, request), cookies)
  } catch (error) {
    // A failed callback ends every login in progress in this browser (the cookie slots are shared by
    // all providers), so a forged or replayed callback cannot leave a usable transaction behind.
    for (const clear of host.transactions.clearAll(request, host.cookieOptions(request)))
      if (!cookies.includes(clear)) cookies.push(clear)
    return host.fail(scope, error, cookies)
  }
}

/**
 * Turns any failure of a route into the error hook's answer or our error page; never throws.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export async function answerFailure(
  blueprint: Blueprint,
  log: SwitchableLog,
  scope: RequestScope,
  cause: unknown,
  cookies: string[],
): Promise<Response> {
  const error = isDanceError(cause)
    ? cause
    : // Provider failures all arrive as DanceErrors; anything else is the app's (a hook, a storage).
      new DanceError('internal_error', 'The login failed because of an error in the app.', { cause })
  error.provider ??= blueprint.name
  log('callback.failed', { status: error.status, error: error.code })
  try {
    const answer = await blueprint.hooks.error?.({
      provider: blueprint.name,
      request: scope.request(),
      native: scope.native,
      error,
    })
    if (answer instanceof Response) return withCookies(answer, cookies)
  } catch (hookError) {
    console.error(`[oauth-dance] the ${blueprint.name} error hook threw`, hookError)
  }
  return errorPage(error, cookies)
}
