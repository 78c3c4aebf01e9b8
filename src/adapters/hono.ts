/**
 * The Hono adapter: one middleware that opens the request scope for every request (so `github.get`
 * works in any handler or module it calls) and answers the login and callback routes of the blueprints
 * given to it. Hono already speaks standard Request/Response, so nothing is converted.
 *
 * Hono has no session of its own: keep tokens in a non-session storage (SQL, cache, memory) with a
 * `user` resolver, or pass `{ session }` mapping your session middleware onto the port.
 *
 * ```ts
 * app.use(dance(githubBlueprint))
 * ```
 */
import type { Context, MiddlewareHandler } from 'hono'
import { cappedStream } from '../body.js'
import type { Blueprint } from '../consumer/blueprint.js'
import type { SessionPort } from '../context.js'
import { type RequestScope, runInScope } from '../context.js'
import { DanceError } from '../errors.js'
import { SessionStorage } from '../storage/session.js'
import { callbackTooLarge, formBodyString, indexBlueprints, splitArgs } from './registry.js'

export { type GuardOptions, loginUrlFor } from './guard-rule.js'
export {
  authorizationRequired,
  type HonoReauthOptions,
  reauthRedirect,
} from './hono-guard.js'

/** Options of the Hono {@link dance} middleware (pass as the last argument). */
export interface HonoDanceOptions {
  /** Largest posted callback body we read, in bytes (default 64 KiB). */
  maxCallbackBodyBytes?: number
  /** Maps your session middleware's session onto the core's session port; none by default. */
  session?: (c: Context) => SessionPort | undefined
}

/**
 * Hono middleware for one or more blueprints. Mount it once with `app.use`, before your routes.
 * Throws `duplicate_blueprint` for shared names or routes, and `session_unavailable` when a blueprint
 * keeps tokens in the session but no `session` option is given.
 */
export function dance(...args: Array<Blueprint | HonoDanceOptions>): MiddlewareHandler {
  const { blueprints, options } = splitArgs<HonoDanceOptions>(args)
  const { byName, routes } = indexBlueprints(blueprints)
  const maxBody = options.maxCallbackBodyBytes ?? 64 * 1024
  const sessionOf = options.session
  if (!sessionOf) {
    const needy = blueprints.find((b) => b.storage instanceof SessionStorage)
    if (needy) {
      throw new DanceError(
        'session_unavailable',
        `The ${needy.name} blueprint keeps tokens in the session, but Hono has none: give it another storage (SqlStorage, CacheStorage, MemoryStorage) with a user resolver, or pass { session }.`,
        { provider: needy.name },
      )
    }
  }

  return async (c, next) => {
    let built: Request | undefined
    const scope: RequestScope = {
      request: () => built ?? c.req.raw,
      session: sessionOf?.(c),
      native: c,
      blueprints: byName,
      memo: new Map(),
    }
    const target = routes.get(c.req.path)
    // A blueprint restricted to other hosts leaves the request, and a posted body, to the app.
    if (!target?.answersHost(new URL(c.req.url).host)) return runInScope(scope, next)
    // Only a callback (and a POST-only login) is posted to us; any other POST's body stays the app's.
    const posted =
      c.req.path === target.authorizedPath || (target.loginPosts && c.req.path === target.loginPath)
    if (c.req.method === 'POST' && posted) built = await postedCallback(c, maxBody, target.name)
    const response = await runInScope(scope, () => target.route(scope))
    if (!response) return runInScope(scope, next)
    // Through the context, so headers an earlier middleware set (a session cookie) are kept: a raw
    // Response returned from middleware replaces them.
    return c.newResponse(response.body, response)
  }
}

/**
 * A copy of a posted callback whose body fails past `maxBytes` (Hono itself reads without a cap). When
 * a middleware of the app already read the body, Hono's own parse of it is used.
 */
async function postedCallback(c: Context, maxBytes: number, provider: string): Promise<Request> {
  const request = c.req.raw
  let body: string | ReadableStream<Uint8Array> | null = null
  if (request.bodyUsed) body = formBodyString(await c.req.parseBody({ all: true })) ?? ''
  else if (request.body) body = cappedStream(request.body, maxBytes, callbackTooLarge(provider))
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
    ...(typeof body === 'object' && body !== null && ({ duplex: 'half' } as RequestInit)),
  })
}
