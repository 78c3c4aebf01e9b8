/**
 * Route guards for Express: send the browser to log in (and back) when the user has no usable token,
 * the way Flask-Dance apps use `authorization_required`.
 *
 * ```ts
 * app.use(dance(githubBlueprint))
 * app.get('/repos', authorizationRequired(github), async (req, res) => { ... })
 * app.use(reauthRedirect())  // after the routes: a `reauth_required` thrown by a handler → login
 * ```
 */
import type {
  ErrorRequestHandler,
  Request as ExpressRequest,
  Response as ExpressResponse,
  NextFunction,
  RequestHandler,
} from 'express'
import { ApiClient } from '../client/api-client.js'
import { Blueprint } from '../consumer/blueprint.js'
import { currentScope } from '../context.js'
import { isDanceError } from '../errors.js'

/**
 * Options of {@link authorizationRequired} and {@link reauthRedirect}.
 */
export interface GuardOptions {
  /**
   * Answer requests that want JSON (or are not GET/HEAD) with `401` and `{ error, login }` instead of a
   * redirect, since a script cannot follow a login page (default true).
   */
  jsonForApiRequests?: boolean
}

/**
 * Middleware that lets the request through when the client has a token that is unexpired or
 * refreshable, and otherwise redirects to the blueprint's login route with `?next=<this URL>`.
 */
export function authorizationRequired(
  target: ApiClient<Blueprint> | Blueprint,
  options: GuardOptions = {},
): RequestHandler {
  const client = target instanceof ApiClient ? target : target.client
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    client
      .authorized()
      .then((ok) => {
        if (ok) return next()
        answerWithLogin(req, res, client.blueprint(), options)
      })
      .catch(next)
  }
}

/**
 * Error middleware (mount after your routes) that turns a `reauth_required` error — the refresh token
 * was refused, or there is no token — into the same login redirect. Other errors pass on.
 */
export function reauthRedirect(options: GuardOptions = {}): ErrorRequestHandler {
  return (error: unknown, req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    if (!isDanceError(error, 'reauth_required') || res.headersSent || error.provider === undefined) {
      return next(error)
    }
    const blueprint = currentScope()?.blueprints.get(error.provider)
    if (!(blueprint instanceof Blueprint)) return next(error)
    answerWithLogin(req, res, blueprint, options)
  }
}

/**
 * The login URL that brings the browser back to `returnTo` afterwards.
 */
export function loginUrlFor(blueprint: Blueprint, returnTo: string): string {
  return `${blueprint.loginPath}?${new URLSearchParams({ next: returnTo })}`
}

function answerWithLogin(
  req: ExpressRequest,
  res: ExpressResponse,
  blueprint: Blueprint,
  options: GuardOptions,
): void {
  const login = loginUrlFor(blueprint, req.originalUrl)
  res.setHeader('cache-control', 'no-store')
  const navigation = req.method === 'GET' || req.method === 'HEAD'
  if (options.jsonForApiRequests !== false && (!navigation || req.accepts(['html', 'json']) === 'json')) {
    res.status(401).json({ error: 'reauth_required', provider: blueprint.name, login })
    return
  }
  res.redirect(302, login)
}
