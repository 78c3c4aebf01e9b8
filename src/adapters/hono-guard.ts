/**
 * Route guards for Hono, with the same options and answers as the Express ones (`guard-rule.ts`
 * decides them): a middleware that sends the browser to log in (and back) when the user has no usable
 * token, and an `onError` handler that does the same for a `reauth_required` thrown by a route.
 *
 * ```ts
 * app.use(dance(githubBlueprint))
 * app.get('/repos', authorizationRequired(github), async (c) => { ... })
 * app.onError(reauthRedirect())
 * ```
 */
import type { Context, ErrorHandler, MiddlewareHandler } from 'hono'
import type { Blueprint } from '../consumer/blueprint.js'
import {
  type GuardOptions,
  type GuardTarget,
  guardedClient,
  loginAnswer,
  reauthBlueprint,
} from './guard-rule.js'

/** Options of the Hono {@link reauthRedirect}. */
export interface HonoReauthOptions extends GuardOptions {
  /**
   * Answers every other error. By default they get Hono's own answer: an `HTTPException`'s response,
   * else a logged error and `500 Internal Server Error`.
   */
  otherwise?: ErrorHandler
}

/**
 * Middleware that lets the request through when the client has a token that is unexpired or
 * refreshable, and otherwise redirects to the blueprint's login route with `?next=<this URL>`.
 * Mount it after `dance(...)`, whose request scope it reads.
 */
export function authorizationRequired(target: GuardTarget, options: GuardOptions = {}): MiddlewareHandler {
  const client = guardedClient(target)
  return async (c, next) => {
    if (await client.authorized()) return next()
    return answerWithLogin(c, client.blueprint(), options)
  }
}

/**
 * An error handler (`app.onError(reauthRedirect())`) that turns a `reauth_required` error — the refresh
 * token was refused, or there is no token — into the same login redirect. Other errors go to
 * `otherwise`.
 */
export function reauthRedirect(options: HonoReauthOptions = {}): ErrorHandler {
  const { otherwise = honoDefault, ...guard } = options
  return (error, c) => {
    const blueprint = reauthBlueprint(error)
    return blueprint ? answerWithLogin(c, blueprint, guard) : otherwise(error, c)
  }
}

/** What Hono answers when an app sets no error handler, so mounting ours changes nothing else. */
const honoDefault: ErrorHandler = (error, c) => {
  if ('getResponse' in error) {
    const response = error.getResponse()
    return c.newResponse(response.body, response)
  }
  console.error(error)
  return c.text('Internal Server Error', 500)
}

function answerWithLogin(c: Context, blueprint: Blueprint, options: GuardOptions): Response {
  const url = new URL(c.req.url)
  const answer = loginAnswer(
    blueprint,
    { method: c.req.method, accept: c.req.header('accept'), url: `${url.pathname}${url.search}` },
    options,
  )
  return answer.json
    ? c.json(answer.json, answer.status, answer.headers)
    : c.body(null, answer.status, answer.headers)
}
