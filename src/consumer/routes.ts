/**
 * The two routes of a blueprint: login (302 to the provider with a fresh transaction) and the callback
 * (consume the transaction once, let the protocol get the token, run the hook, store, redirect). Any
 * failure reaches the `error` hook, then an error page; nothing is stored.
 */
import { type RequestScope, type RequestView, urlOf } from '../context.js'
import { DanceError, isDanceError, ownedBy } from '../errors.js'
import type { SwitchableLog } from '../log.js'
import { withMembers } from '../objects.js'
import type { Protocol } from '../protocol/protocol.js'
import type { Token } from '../token.js'
import type { AuthorizedResult, BlueprintHooks } from './hooks.js'
import { CSRF_FIELD, checkCsrfToken } from './login-csrf.js'
import type { BlueprintOptions } from './options.js'
import type { PublicOrigin } from './public-origin.js'
import { errorPage, type RouteAnswer, RouteRedirect, withCookies } from './responses.js'
import { regenerateSession } from './session.js'
import { safeReturnTo } from './transaction/return-to.js'
import type { TransactionCookieOptions, TransactionStore } from './transaction/transaction.js'
import type { UserTokens } from './user-tokens.js'

/** What the routes are built from. */
export interface RouteParts {
  readonly options: BlueprintOptions
  readonly protocol: Protocol
  readonly origin: PublicOrigin
  readonly transactions: TransactionStore
  readonly tokens: UserTokens
  readonly log: SwitchableLog
  /** The callback path, for the default redirect URI. */
  readonly authorizedPath: string
}

/** The login and callback routes of one blueprint. */
export class LoginRoutes {
  /** Hooks; replaceable at any time. */
  hooks: BlueprintHooks
  readonly #parts: RouteParts
  readonly #name: string
  /** The last fixed `redirectTo` and where it sends the browser. */
  #checkedTarget: { value: string; url: string } | undefined

  constructor(parts: RouteParts) {
    this.#parts = parts
    this.#name = parts.options.name
    this.hooks = parts.options.hooks ?? {}
  }

  /**
   * The login route: 302 to the provider with a fresh transaction. Awaits only what must be awaited
   * (the protocol's start, a posted form, a hook the app set): on Node 20 every promise pays for the
   * request scope's async hooks.
   */
  async login(scope: RequestScope): Promise<RouteAnswer> {
    const { protocol, origin, transactions, authorizedPath } = this.#parts
    const log = this.#parts.log.forRequest()
    const request = viewOf(scope)
    try {
      const params = this.#parts.options.loginRequiresPost
        ? await this.#postedLoginParams(scope)
        : urlOf(request).searchParams
      const returnTo = safeReturnTo(params.get('next'))
      const redirectUri = origin.redirectUri(request, authorizedPath)
      const start = await protocol.startLogin(redirectUri)
      const beforeLogin = this.hooks.beforeLogin
      if (beforeLogin) {
        const answer = await beforeLogin({
          provider: this.#name,
          request: scope.request(),
          native: scope.native,
          authorizationUrl: start.authorizationUrl,
          returnTo,
        })
        if (answer instanceof Response) return answer
      }
      log('login.redirect', { url: start.authorizationUrl })
      const cookies = transactions.create(
        withMembers(start.state, { provider: this.#name, createdAt: Date.now(), redirectUri, returnTo }),
        this.#cookieOptions(request),
        request,
      )
      return new RouteRedirect(start.authorizationUrl.href, cookies)
    } catch (error) {
      return this.#fail(scope, error, [])
    }
  }

  /** The callback route: consume the transaction once, get the token, run the hook, store, redirect. */
  async authorized(scope: RequestScope): Promise<RouteAnswer> {
    const { protocol, origin, transactions, tokens, options } = this.#parts
    const log = this.#parts.log.forRequest()
    const request = viewOf(scope)
    const cookies: string[] = []
    try {
      const params =
        request.method === 'POST'
          ? await postedCallbackParams(scope, request, this.#name)
          : urlOf(request).searchParams
      log('callback.received', { method: request.method, params: params.keys() })
      const key = protocol.callbackKey(params)
      if (!key) {
        throw new DanceError('state_missing', 'The callback has no state: it was not started by this app.', {
          provider: this.#name,
        })
      }
      // The callback answers only on a public origin, as the login does: reached any other way (an
      // http:// URL while the app is pinned to https, a forged Host), its cookies are not the app's.
      origin.of(request)
      const { transaction, clearCookie } = transactions.consume(
        request,
        this.#name,
        key,
        this.#cookieOptions(request),
      )
      cookies.push(clearCookie)
      log('callback.transaction')
      const result = await protocol.finishLogin(params, transaction)
      log('callback.token')
      // A fresh session before the hook: what the hook writes (the app's login) lands in the new one,
      // and nothing planted in the old one reaches it unless the app named the key.
      const regenerate = options.regenerateSession
      if (regenerate === true || (regenerate === undefined && scope.session?.regenerate)) {
        await regenerateSession(scope, { keep: options.keepSessionKeys ?? [], provider: this.#name })
        log('session.regenerated')
      }
      const authorizedHook = this.hooks.authorized
      // Awaited only when set: on Node 20 every promise pays for the request scope's async hooks.
      const decision = authorizedHook
        ? await authorizedHook({
            provider: this.#name,
            request: scope.request(),
            native: scope.native,
            token: result.token,
            claims: result.claims,
            userinfo: result.userinfo,
            unverifiedUser: result.unverifiedUser,
            returnTo: transaction.returnTo,
          })
        : undefined
      const { store, userId, accountId, response } = readDecision(decision)
      if (store) {
        await tokens.save(scope, result.token, { userId, accountId })
        log('callback.stored')
      }
      if (response) return withCookies(response, cookies)
      return new RouteRedirect(transaction.returnTo ?? this.#afterLoginUrl(result.token, scope), cookies)
    } catch (error) {
      // A failed callback ends every login in progress in this browser (the cookie slots are shared by
      // all providers), so a forged or replayed callback cannot leave a usable transaction behind.
      for (const clear of transactions.clearAll(request, this.#cookieOptions(request)))
        if (!cookies.includes(clear)) cookies.push(clear)
      return this.#fail(scope, error, cookies)
    }
  }

  /**
   * With `loginRequiresPost`, the login's parameters: the posted form once its CSRF token is checked
   * (`csrf_invalid` otherwise, 405 for any other method).
   */
  async #postedLoginParams(scope: RequestScope): Promise<URLSearchParams> {
    // A posted login has a body to read: the standard Request, which adapters build with it.
    const request = scope.request()
    const provider = this.#name
    if (request.method !== 'POST') {
      throw new DanceError('csrf_invalid', 'This login route takes only a POST from the login form.', {
        provider,
        status: 405,
      })
    }
    const type = request.headers.get('content-type') ?? ''
    const form = type.startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams(await request.text())
      : new URLSearchParams()
    checkCsrfToken(scope.session, form.get(CSRF_FIELD), provider)
    return form
  }

  /** Turns any failure of a route into the error hook's answer or our error page; never throws. */
  async #fail(scope: RequestScope, cause: unknown, cookies: string[]): Promise<Response> {
    const error = isDanceError(cause)
      ? ownedBy(cause, this.#name)
      : // Provider failures all arrive as DanceErrors; anything else is the app's (a hook, a storage).
        new DanceError('internal_error', 'The login failed because of an error in the app.', {
          cause,
          provider: this.#name,
        })
    this.#parts.log('callback.failed', { status: error.status, error: error.code })
    try {
      const answer = await this.hooks.error?.({
        provider: this.#name,
        request: scope.request(),
        native: scope.native,
        error,
      })
      if (answer instanceof Response) return withCookies(answer, cookies)
    } catch (hookError) {
      console.error(`[oauth-dance] the ${this.#name} error hook threw`, hookError)
    }
    return errorPage(error, cookies)
  }

  #cookieOptions(request: RequestView): TransactionCookieOptions {
    return {
      secure: this.#parts.origin.secureCookies(request),
      sameSite: this.#parts.protocol.postsCallback ? 'None' : 'Lax',
    }
  }

  #afterLoginUrl(token: Token, scope: RequestScope): string {
    const target = this.#parts.options.redirectTo
    const value = typeof target === 'function' ? target({ token, request: scope.request() }) : (target ?? '/')
    // A fixed redirectTo is checked once, not on every callback (the check parses a URL).
    if (value === this.#checkedTarget?.value) return this.#checkedTarget.url
    // The app's own configured redirectTo may be absolute (another app of the owner); `next` never may.
    const url = safeReturnTo(value) ?? (/^https?:\/\//i.test(value) ? value : '/')
    if (typeof target !== 'function') this.#checkedTarget = { value, url }
    return url
  }
}

/** The request our routes read: the adapter's light view when it has one, else the standard Request. */
function viewOf(scope: RequestScope): RequestView {
  return scope.view?.() ?? scope.request()
}

/** A form_post callback's parameters, read from the standard Request (a GET's are its query). */
async function postedCallbackParams(
  scope: RequestScope,
  request: RequestView,
  provider: string,
): Promise<URLSearchParams> {
  const type = request.headers.get('content-type') ?? ''
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw new DanceError('callback_invalid', 'A posted callback must be form-encoded.', { provider })
  }
  return new URLSearchParams(await scope.request().text())
}

/** The `authorized` hook's answer in one shape: whether to store the token, for whom, and any response. */
function readDecision(decision: AuthorizedResult): {
  store: boolean
  userId?: string
  accountId?: string
  response?: Response
} {
  if (decision === undefined || decision === true) return { store: true }
  if (decision === false) return { store: false }
  if (decision instanceof Response) return { store: true, response: decision }
  return {
    store: decision.store ?? true,
    ...(decision.userId !== undefined && { userId: decision.userId }),
    ...(decision.accountId !== undefined && { accountId: decision.accountId }),
    ...(decision.response !== undefined && { response: decision.response }),
  }
}
