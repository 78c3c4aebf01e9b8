/**
 * Route guards for Express: send the browser to log in (and back) when the user has no usable token,
 * the way Flask-Dance apps use `authorization_required`. What to answer is decided in `guard-rule.ts`,
 * shared with the Fastify and Hono guards.
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
import type { Blueprint } from '../consumer/blueprint.js'
import {
  type GuardOptions,
  type GuardTarget,
  guardedClient,
  loginAnswer,
  reauthBlueprint,
} from './guard-rule.js'

/**
 * Middleware that lets the request through when the client has a token that is unexpired or
 * refreshable, and otherwise redirects to the blueprint's login route with `?next=<this URL>`.
 */
export function authorizationRequired(target: GuardTarget, options: GuardOptions = {}): RequestHandler {
  const client = guardedClient(target)
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
    const blueprint = res.headersSent ? undefined : reauthBlueprint(error)
    if (!blueprint) return next(error)
    answerWithLogin(req, res, blueprint, options)
  }
}

function answerWithLogin(
  req: ExpressRequest,
  res: ExpressResponse,
  blueprint: Blueprint,
  options: GuardOptions,
): void {
  const answer = loginAnswer(
    blueprint,
    { method: req.method, accept: req.headers.accept, url: req.originalUrl },
    options,
  )
  res.status(answer.status).set(answer.headers)
  if (answer.json) res.json(answer.json)
  else res.end()
}
