/**
 * The Express adapter: one middleware that opens the request scope for every request (so `github.get`
 * works in any route) and answers the login and callback routes of the blueprints given to it.
 * It converts to a standard Request only on those two routes.
 *
 * ```ts
 * app.use(session({ ... }))
 * app.use(dance(githubBlueprint, googleBlueprint))
 * ```
 */
import type {
  Request as ExpressRequest,
  Response as ExpressResponse,
  NextFunction,
  RequestHandler,
} from 'express'
import { cappedStream } from '../body.js'
import type { Blueprint } from '../consumer/blueprint.js'
import { RouteRedirect, SECURITY_HEADERS } from '../consumer/responses.js'
import type { RequestView, SessionPort } from '../context.js'
import { type RequestScope, runInScope } from '../context.js'
import {
  callbackTooLarge,
  formBodyString,
  indexBlueprints,
  type NodeRequestParts,
  NodeRequestView,
  splitArgs,
  webRequest,
} from './registry.js'

export { authorizationRequired, reauthRedirect } from './express-guard.js'
export { type GuardOptions, loginUrlFor } from './guard-rule.js'

/** Options of {@link dance} (pass as the last argument). */
export interface DanceMiddlewareOptions {
  /** Largest posted callback body we read, in bytes (default 64 KiB). */
  maxCallbackBodyBytes?: number
}

/**
 * Express middleware for one or more blueprints. Mount it once, before your routes, after the session.
 * Throws `duplicate_blueprint` when two blueprints share a name or a route.
 */
export function dance(...args: Array<Blueprint | DanceMiddlewareOptions>): RequestHandler {
  const { blueprints, options } = splitArgs<DanceMiddlewareOptions>(args)
  const { byName, routes } = indexBlueprints(blueprints)
  const maxBody = options.maxCallbackBodyBytes ?? 64 * 1024

  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const path = pathOf(req.originalUrl)
    const target = routes.get(path)
    const scope = new ExpressScope(req, byName)
    // A blueprint restricted to other hosts leaves the request, and a posted body, to the app.
    if (!target?.answersHost(req.host)) {
      runInScope(scope, next)
      return
    }
    void (async () => {
      // Only a callback (and a POST-only login) is posted to us; any other POST's body stays the app's.
      if (
        req.method === 'POST' &&
        (path === target.authorizedPath || (target.loginPosts && path === target.loginPath))
      ) {
        scope.built = toWebRequest(req, postedBody(req, maxBody, target.name))
      }
      const answer = await runInScope(scope, () => target.answer(scope))
      if (!answer) return runInScope(scope, next)
      if (answer instanceof RouteRedirect) sendRedirect(res, answer)
      else await sendResponse(res, answer)
    })().catch(next)
  }
}

/**
 * The scope of one Express request. Opened for every request of the app, most of which never use us:
 * the standard Request and the memo are made on first use, and nothing here holds a closure.
 */
class ExpressScope implements RequestScope {
  readonly native: ExpressRequest
  readonly session: SessionPort | undefined
  readonly blueprints: ReadonlyMap<string, Blueprint>
  /** The standard Request once built (eagerly for a posted callback, which needs its body read). */
  built: Request | undefined
  #memo: Map<string, unknown> | undefined
  #view: RequestView | undefined

  constructor(req: ExpressRequest, blueprints: ReadonlyMap<string, Blueprint>) {
    this.native = req
    this.blueprints = blueprints
    this.session = sessionOf(req) ? new ExpressSessionPort(req) : undefined
  }

  // An arrow property, not a method: `request` stays callable when read off the scope.
  readonly request = (): Request => {
    this.built ??= toWebRequest(this.native, undefined)
    return this.built
  }

  /** What our routes read: the posted callback's Request, else a view of Express's own request. */
  view(): RequestView {
    this.#view ??= this.built ?? new NodeRequestView(partsOf(this.native))
    return this.#view
  }

  get memo(): Map<string, unknown> {
    this.#memo ??= new Map()
    return this.#memo
  }
}

function pathOf(originalUrl: string): string {
  const q = originalUrl.indexOf('?')
  return q === -1 ? originalUrl : originalUrl.slice(0, q)
}

/** What a Request is built from. Origin comes from Express, which honours `trust proxy` and nothing else. */
function partsOf(req: ExpressRequest): NodeRequestParts {
  return {
    protocol: req.protocol,
    host: req.host,
    path: req.originalUrl,
    method: req.method,
    headers: req.headers,
  }
}

/** Builds a standard Request. */
function toWebRequest(req: ExpressRequest, body: string | ReadableStream<Uint8Array> | undefined): Request {
  return webRequest(partsOf(req), body)
}

/** A posted callback's body: what a body parser already read, or the request stream, capped. */
function postedBody(
  req: ExpressRequest,
  maxBytes: number,
  provider: string,
): string | ReadableStream<Uint8Array> {
  return (
    formBodyString(req.body) ??
    cappedStream(req as AsyncIterable<Uint8Array>, maxBytes, callbackTooLarge(provider))
  )
}

type ExpressSession = Record<string, unknown> & { regenerate?: (cb: (err?: unknown) => void) => void }

/** express-session's `req.session`, read afresh each time: `regenerate` replaces it. */
function sessionOf(req: ExpressRequest): ExpressSession | undefined {
  return (req as unknown as { session?: ExpressSession }).session
}

/** Maps express-session's `req.session` onto the core's session port (a class: no closures per request). */
class ExpressSessionPort implements SessionPort {
  readonly #req: ExpressRequest

  constructor(req: ExpressRequest) {
    this.#req = req
  }

  get(key: string): unknown {
    return sessionOf(this.#req)?.[key]
  }

  set(key: string, value: unknown): void {
    const session = sessionOf(this.#req)
    if (session) session[key] = value
  }

  delete(key: string): void {
    const session = sessionOf(this.#req)
    if (session) delete session[key]
  }

  regenerate(keep: readonly string[]): Promise<void> {
    const req = this.#req
    return new Promise<void>((resolve, reject) => {
      const session = sessionOf(req)
      if (!session || typeof session.regenerate !== 'function') return resolve()
      // Only what the app named moves over: anything else may have been planted under the old id.
      const saved = Object.fromEntries(
        keep.filter((k) => k !== 'cookie' && Object.hasOwn(session, k)).map((k) => [k, session[k]]),
      )
      session.regenerate((err) => {
        if (err) return reject(err)
        const fresh = sessionOf(req)
        if (fresh) Object.assign(fresh, saved)
        resolve()
      })
    })
  }
}

/** Writes our redirect to Express header by header: the headers `RouteRedirect.toResponse()` would carry. */
function sendRedirect(res: ExpressResponse, answer: RouteRedirect): void {
  res.statusCode = answer.status
  for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value)
  res.setHeader('location', answer.location)
  // Appended: a session middleware may already have set its own cookie.
  for (const cookie of answer.cookies) res.append('set-cookie', cookie)
  res.end()
}

/** Writes a standard Response to Express. */
async function sendResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.status(response.status)
  for (const cookie of response.headers.getSetCookie()) res.append('set-cookie', cookie)
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value)
  })
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined
  res.end(body)
}
