/**
 * `loginAs`: a real login in a test. It drives the app through its own login route, the stand-in's
 * authorization endpoint (approving as the named user, or denying), and the app's callback, keeping
 * the app's cookies as a browser would, and returns that user's client for the rest of the test.
 */
import { DanceError } from '../errors.js'
import { CookieJar } from './cookie-jar.js'
import { DECISION_PARAM, USER_PARAM } from './stand-in/authorize-page.js'
import { runningStandIn, type StandIn } from './stand-in/stand-in.js'
import { type AppTransport, type TestApp, transportTo } from './test-app.js'

/** Options of {@link loginAs}. */
export interface LoginAsOptions {
  /** The stand-in to log in at (default: the running stand-in of that name). */
  standIn?: StandIn
  /** The app's login route (default `/login/<name>`). */
  loginPath?: string
  /**
   * A page of the app that shows the login button, for blueprints with `loginRequiresPost`: the page
   * is fetched, and its form posting to the login route (with its CSRF token) is submitted, as a
   * browser would.
   */
  loginFrom?: string
  /** Where the app should send the user after the login (`?next=`). */
  next?: string
  /** The origin the app is served on, sent as `Host` (default: see the app kinds in docs/testing.md). */
  origin?: string
  /** Refuse on the authorization page instead of approving: the app's error path runs. */
  deny?: boolean
  /**
   * Do not throw when the login does not end well (denied, the app answered an error): the returned
   * user's `response` is the app's final answer. Implied by `deny`.
   */
  allowFailure?: boolean
}

/** A logged-in (or refused) user of the app, with its cookies. */
export interface TestUser {
  /** The login name given to the stand-in. */
  readonly login: string
  /**
   * The app's answer to the callback: a redirect (to `redirectTo` or `next`) when the login was taken,
   * the app's error page when not.
   */
  readonly response: Response
  /**
   * A request to the app as this user; `path` is relative to the app's origin. Redirects are not
   * followed. An absolute URL on another origin is refused (`config_invalid`): the user's cookies are
   * the app's.
   */
  fetch(path: string, init?: RequestInit): Promise<Response>
  get(path: string): Promise<Response>
  /** A POST of a JSON value (or of a ready `BodyInit` such as `URLSearchParams`). */
  post(path: string, body?: unknown): Promise<Response>
  /** One of the app's cookies this user holds. */
  cookie(name: string): string | undefined
}

function isRedirect(response: Response): boolean {
  return response.status >= 300 && response.status < 400 && response.headers.has('location')
}

function failed(message: string, provider: string): DanceError {
  return new DanceError('test_login_failed', message, { provider })
}

/**
 * Logs `login` in to the app through the stand-in named `provider`, and returns that user. Throws
 * `test_login_failed` (with what went wrong) when the app does not take the login, unless
 * `allowFailure` or `deny` is set.
 *
 * @example
 * ```ts
 * const alice = await loginAs(app, 'github', 'alice')
 * expect(await (await alice.get('/profile')).text()).toContain('alice')
 * ```
 */
export async function loginAs(
  app: TestApp,
  provider: string,
  login: string,
  options: LoginAsOptions = {},
): Promise<TestUser> {
  const standIn = options.standIn ?? runningStandIn(provider)
  if (!standIn)
    throw failed(`No stand-in named "${provider}" is running: start it with startStandIn().`, provider)
  const transport = await transportTo(app, options.origin)
  const jar = new CookieJar()
  const toApp = (path: string | URL, init: RequestInit = {}) => sendToApp(transport, jar, path, init)

  const loginPath = options.loginPath ?? `/login/${provider}`
  const start = new URL(loginPath, transport.origin)
  if (options.next !== undefined) start.searchParams.set('next', options.next)
  let first: Response
  if (options.loginFrom === undefined) first = await toApp(start)
  else {
    const page = await toApp(options.loginFrom)
    const form = formPostingTo(await page.text(), start.pathname, transport.origin)
    if (!form) {
      throw failed(
        `${options.loginFrom} (${page.status}) has no form posting to ${start.pathname}.`,
        provider,
      )
    }
    if (options.next !== undefined && !form.fields.has('next')) form.fields.set('next', options.next)
    first = await toApp(start.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: transport.origin },
      body: form.fields,
    })
  }
  if (!isRedirect(first)) {
    throw failed(`The login route answered ${first.status}, not a redirect to the provider.`, provider)
  }
  const authorize = new URL(first.headers.get('location')!, start)
  if (authorize.origin !== standIn.origin) {
    throw failed(
      `The login route sent the browser to ${authorize.origin}, not to the stand-in at ${standIn.origin}: give the blueprint the stand-in's options.`,
      provider,
    )
  }
  authorize.searchParams.set(USER_PARAM, login)
  if (options.deny) authorize.searchParams.set(DECISION_PARAM, 'deny')
  const atProvider = await standIn.fetch(authorize)

  let answer: Response
  if (isRedirect(atProvider)) {
    const callback = new URL(atProvider.headers.get('location')!)
    if (callback.origin !== transport.origin) {
      throw failed(
        `The stand-in sent the browser to ${callback.origin}, not to the app at ${transport.origin}.`,
        provider,
      )
    }
    answer = await toApp(callback)
  } else if ((atProvider.headers.get('content-type') ?? '').includes('text/html') && atProvider.ok) {
    const posted = formPost(await atProvider.text())
    if (!posted)
      throw failed(`The stand-in answered ${atProvider.status} without a redirect or a form post.`, provider)
    if (new URL(posted.action, transport.origin).origin !== new URL(transport.origin).origin) {
      throw failed(
        `The stand-in posted the browser to ${posted.action}, not to the app at ${transport.origin}.`,
        provider,
      )
    }
    answer = await toApp(posted.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' },
      body: posted.fields,
    })
  } else {
    throw failed(
      `The stand-in refused the authorization request (${atProvider.status}): ${await atProvider.text()}`,
      provider,
    )
  }
  if (!answer.ok && !isRedirect(answer) && !options.allowFailure && !options.deny) {
    throw failed(
      `The app answered the login with ${answer.status}: ${(await answer.clone().text()).slice(0, 500)}`,
      provider,
    )
  }
  return {
    login,
    response: answer,
    fetch: (path, init) => toApp(path, init),
    get: (path) => toApp(path),
    post: (path, body) => {
      if (body === undefined) return toApp(path, { method: 'POST' })
      const ready =
        typeof body === 'string' ||
        body instanceof URLSearchParams ||
        body instanceof FormData ||
        body instanceof Blob
      return toApp(path, {
        method: 'POST',
        ...(ready
          ? { body }
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      })
    },
    cookie: (name) => jar.get(name),
  }
}

/** One request to the app with the jar's cookies; the answer's cookies go back into the jar. */
async function sendToApp(
  transport: AppTransport,
  jar: CookieJar,
  path: string | URL,
  init: RequestInit,
): Promise<Response> {
  const url = new URL(path, transport.origin)
  // The jar holds the user's session with the app: a browser sends it to the app's origin only. A
  // test that follows a redirect off the app (a provider's logout page, an open redirect under test)
  // would otherwise hand the session to that host, or, for an app on a port, to the app under a
  // forged Host.
  if (url.origin !== new URL(transport.origin).origin) {
    throw new DanceError(
      'config_invalid',
      `A test user's requests go to the app at ${transport.origin}; ${url.origin} is another site, which would get the user's cookies.`,
    )
  }
  const headers = new Headers(init.headers)
  const cookie = jar.header()
  if (cookie && !headers.has('cookie')) headers.set('cookie', cookie)
  const response = await transport.send(new Request(url, { ...init, headers, redirect: 'manual' }))
  jar.store(response)
  return response
}

/** The fields of the first form on a page that posts to `path` (the app's login button). */
function formPostingTo(html: string, path: string, origin: string): { fields: URLSearchParams } | undefined {
  for (const match of html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/gi)) {
    const action = /action="([^"]*)"/i.exec(match[0])?.[1]
    if (action === undefined || new URL(unescapeHtml(action), origin).pathname !== path) continue
    const fields = new URLSearchParams()
    for (const input of match[0].matchAll(/<input[^>]*name="([^"]*)"[^>]*value="([^"]*)"/gi)) {
      fields.set(unescapeHtml(input[1]!), unescapeHtml(input[2]!))
    }
    return { fields }
  }
  return undefined
}

/** The action and fields of an auto-submitting `form_post` page. */
function formPost(html: string): { action: string; fields: URLSearchParams } | undefined {
  const action = /<form[^>]*action="([^"]+)"/i.exec(html)?.[1]
  if (!action) return undefined
  const fields = new URLSearchParams()
  for (const match of html.matchAll(/<input[^>]*name="([^"]*)"[^>]*value="([^"]*)"/gi)) {
    fields.set(unescapeHtml(match[1]!), unescapeHtml(match[2]!))
  }
  return { action: unescapeHtml(action), fields }
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, '&')
}
