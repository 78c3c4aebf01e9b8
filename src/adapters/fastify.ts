/**
 * The Fastify adapter: a plugin that opens the request scope for every request (so `github.get` works
 * in any route, hook or module a handler calls) and adds the login and callback routes of the
 * blueprints given to it. It converts to a standard Request only on those routes.
 *
 * ```ts
 * await app.register(fastifyCookie)
 * await app.register(fastifySession, { secret: process.env.SESSION_SECRET })
 * await app.register(dance(githubBlueprint))
 * ```
 */
import type {
  FastifyInstance,
  FastifyPluginCallback,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify'
import { cappedStream } from '../body.js'
import type { Blueprint } from '../consumer/blueprint.js'
import { type RouteAnswer, RouteRedirect, SECURITY_HEADERS } from '../consumer/responses.js'
import type { RequestView, SessionPort } from '../context.js'
import { currentScope, type RequestScope, runInScope } from '../context.js'
import { DanceError } from '../errors.js'
import { SessionStorage } from '../storage/session.js'
import {
  callbackTooLarge,
  formBodyString,
  indexBlueprints,
  type NodeRequestParts,
  NodeRequestView,
  splitArgs,
  webRequest,
} from './registry.js'

export {
  authorizationRequired,
  type FastifyErrorHandler,
  type FastifyReauthOptions,
  reauthRedirect,
} from './fastify-guard.js'
export { type GuardOptions, loginUrlFor } from './guard-rule.js'

/** Options of the Fastify {@link dance} plugin (pass as the last argument). */
export interface FastifyDanceOptions {
  /** Largest posted callback body we accept, in bytes (default 64 KiB). */
  maxCallbackBodyBytes?: number
  /**
   * Maps the request's session onto the core's session port. By default `request.session` of
   * `@fastify/session` (or any session with `get`/`set`) is used.
   */
  session?: (request: FastifyRequest) => SessionPort | undefined
}

const FORM = 'application/x-www-form-urlencoded'

/**
 * A Fastify plugin for one or more blueprints. Register it once, after your session plugin.
 * Throws `duplicate_blueprint` when two blueprints share a name or a route, and fails `ready()` with
 * `session_unavailable` when a blueprint keeps tokens in the session but the app has none.
 * @see [Fastify - Plugins: Handle the scope](https://fastify.dev/docs/latest/Reference/Plugins/#handle-the-scope)
 */
export function dance(...args: Array<Blueprint | FastifyDanceOptions>): FastifyPluginCallback {
  const { blueprints, options } = splitArgs<FastifyDanceOptions>(args)
  const { byName } = indexBlueprints(blueprints)
  const maxBody = options.maxCallbackBodyBytes ?? 64 * 1024
  const portOf = options.session ?? fastifySessionPort
  // The scope hangs off the request itself, as a member Fastify declares on every request (so each
  // request keeps one shape). Not a WeakMap keyed on the request: V8's scavenger keeps a young key's
  // entry alive, so every request, its reply and scope were promoted to the old generation (about 1 MiB
  // per 550 logins) and collected by full mark-compacts. One symbol per plugin: two can be registered.
  const slot = Symbol('oauth-dance request scope')
  const open = (request: FastifyRequest): FastifyScope => {
    const held = request as FastifyRequest & Record<symbol, FastifyScope | null>
    held[slot] ??= new FastifyScope(request, byName, portOf)
    return held[slot]
  }

  const plugin: FastifyPluginCallback = (app: FastifyInstance, _opts, done) => {
    app.decorateRequest(slot, null)
    // Everything after onRequest continues in this async context (Fastify binds its body parsing to
    // the request with an AsyncResource), so one scope per request covers hooks and handlers.
    app.addHook(
      'onRequest',
      (request: FastifyRequest, _reply: FastifyReply, next: HookHandlerDoneFunction) => {
        runInScope(open(request), next)
      },
    )
    app.addHook('onReady', (ready: HookHandlerDoneFunction) => {
      const needy = blueprints.find((b) => b.storage instanceof SessionStorage)
      if (needy && !options.session && !app.hasRequestDecorator('session')) {
        return ready(
          new DanceError(
            'session_unavailable',
            'A blueprint keeps tokens in the session, but this Fastify app has no session: register @fastify/session before oauth-dance, pass { session }, or give the blueprint another storage.',
            { provider: needy.name },
          ),
        )
      }
      ready()
    })
    app.register((child, _childOpts, childDone) => {
      // Encapsulated, not app-wide: a posted callback's stream is handed over unread, and read capped by
      // the callback route (so an oversized one fails like any bad callback, through the error hook).
      if (!child.hasContentTypeParser(FORM)) {
        child.addContentTypeParser(FORM, (_req, payload, parsed) => parsed(null, payload))
      }
      // Not an async function: a login or callback pays for no promise but the route's own.
      const handlerFor =
        (blueprint: Blueprint) =>
        (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> | FastifyReply => {
          const scope = open(request)
          if (request.method === 'POST')
            scope.built = toWebRequest(request, postedBody(request.body, maxBody, blueprint.name))
          // Our onRequest hook opened this scope and Fastify carries it to the handler; a second
          // `runInScope` only where something in between left it (an app's hook in another context).
          const answer =
            currentScope() === scope
              ? blueprint.answer(scope)
              : runInScope(scope, () => blueprint.answer(scope))
          if (!answer) {
            reply.callNotFound()
            return reply
          }
          return answer.then((answered) => sendAnswer(reply, answered))
        }
      for (const blueprint of blueprints) {
        const handler = handlerFor(blueprint)
        child.route({
          method: blueprint.loginPosts ? ['GET', 'POST'] : 'GET',
          url: blueprint.loginPath,
          handler,
        })
        child.route({ method: ['GET', 'POST'], url: blueprint.authorizedPath, handler })
      }
      childDone()
    })
    done()
  }
  // What fastify-plugin does: the hooks apply to the whole app, not only to this plugin's children.
  const marked = plugin as FastifyPluginCallback & Record<symbol, unknown>
  marked[Symbol.for('skip-override')] = true
  marked[Symbol.for('fastify.display-name')] = 'oauth-dance'
  return plugin
}

/** What a Request is built from. Origin from Fastify, which honours `trustProxy` and nothing else. */
function partsOf(request: FastifyRequest): NodeRequestParts {
  const { protocol, host, url: path, method, headers } = request
  return { protocol, host, path, method, headers }
}

/** Builds a standard Request. */
function toWebRequest(
  request: FastifyRequest,
  body: string | ReadableStream<Uint8Array> | undefined,
): Request {
  return webRequest(partsOf(request), body)
}

/** A posted callback's body: parsed by the app's own form parser, or our unread stream, capped. */
function postedBody(body: unknown, maxBytes: number, provider: string): string | ReadableStream<Uint8Array> {
  if (body && typeof body === 'object' && Symbol.asyncIterator in body) {
    return cappedStream(body as AsyncIterable<Uint8Array>, maxBytes, callbackTooLarge(provider))
  }
  return formBodyString(body) ?? ''
}

/** Maps `@fastify/session` (or any session with `get`/`set`) onto the port; read afresh after regenerate. */
function fastifySessionPort(request: FastifyRequest): SessionPort | undefined {
  type Session = Record<string, unknown> & {
    get?: (key: string) => unknown
    set?: (key: string, value: unknown) => void
    regenerate?: (keep: string[]) => Promise<void>
  }
  const current = () => (request as unknown as { session?: Session | null }).session ?? undefined
  const first = current()
  if (!first || typeof first.get !== 'function' || typeof first.set !== 'function') return undefined
  const port: SessionPort = {
    get: (key) => current()?.get?.(key),
    set: (key, value) => current()?.set?.(key, value),
    // Neither session plugin has a per-key delete (secure-session's `delete()` drops the whole session).
    delete: (key) => current()?.set?.(key, undefined),
  }
  // Only server-side sessions have an id to fix; a sealed cookie session has none, so its port offers
  // no `regenerate` (and `regenerateSession: true` then fails loudly instead of doing nothing).
  if (typeof first.regenerate !== 'function' || !('sessionId' in first)) return port
  port.regenerate = async (keep) => {
    const session = current()
    if (!session?.regenerate) return
    // @fastify/session copies the named fields into the new session: only what the app named.
    await session.regenerate(keep.filter((k) => k !== 'cookie' && current()?.get?.(k) !== undefined))
  }
  return port
}

/**
 * The request scope of one Fastify request, opened for every request of the app: a class, so a request
 * that never uses us pays for one object and no closures; the session port and memo are made on first use.
 */
class FastifyScope implements RequestScope {
  readonly native: FastifyRequest
  readonly blueprints: ReadonlyMap<string, Blueprint>
  /** The standard Request once built (eagerly for a posted callback, which needs its body read). */
  built: Request | undefined
  readonly #portOf: (request: FastifyRequest) => SessionPort | undefined
  #port: SessionPort | undefined
  #view: RequestView | undefined
  #memo: Map<string, unknown> | undefined

  constructor(
    request: FastifyRequest,
    blueprints: ReadonlyMap<string, Blueprint>,
    portOf: (request: FastifyRequest) => SessionPort | undefined,
  ) {
    this.native = request
    this.blueprints = blueprints
    this.#portOf = portOf
  }

  // An arrow property, not a method: `request` stays callable when read off the scope.
  readonly request = (): Request => {
    this.built ??= toWebRequest(this.native, undefined)
    return this.built
  }

  /** What our routes read: a posted callback's Request, else a view of Fastify's own request. */
  view(): RequestView {
    this.#view ??= this.built ?? new NodeRequestView(partsOf(this.native))
    return this.#view
  }

  // Read lazily: a session plugin's own onRequest hook may run after ours.
  get session(): SessionPort | undefined {
    this.#port ??= this.#portOf(this.native)
    return this.#port
  }

  get memo(): Map<string, unknown> {
    this.#memo ??= new Map()
    return this.#memo
  }
}

/**
 * Writes a route's answer through Fastify (so onSend hooks, e.g. the session cookie, still run): our
 * redirect header by header, any other Response through {@link sendResponse}.
 */
function sendAnswer(reply: FastifyReply, answer: RouteAnswer): FastifyReply | Promise<FastifyReply> {
  if (!(answer instanceof RouteRedirect)) return sendResponse(reply, answer)
  reply.code(answer.status)
  for (const [name, value] of SECURITY_HEADERS) reply.header(name, value)
  reply.header('location', answer.location)
  if (answer.cookies.length > 0) reply.header('set-cookie', answer.cookies)
  return reply.send()
}

/** Sends a standard Response through Fastify (so onSend hooks, e.g. the session cookie, still run). */
async function sendResponse(reply: FastifyReply, response: Response): Promise<FastifyReply> {
  reply.code(response.status)
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) reply.header('set-cookie', cookies)
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') reply.header(name, value)
  })
  return reply.send(response.body ? Buffer.from(await response.arrayBuffer()) : undefined)
}
