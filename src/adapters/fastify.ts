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
import type { RequestView, SessionPort } from '../context.js'
import { type RequestScope, runInScope } from '../context.js'
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

interface Slot {
  readonly scope: RequestScope
  built: Request | undefined
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
  const slots = new WeakMap<FastifyRequest, Slot>()
  const portOf = options.session ?? fastifySessionPort

  const open = (request: FastifyRequest): Slot => {
    let slot = slots.get(request)
    if (slot) return slot
    let port: SessionPort | undefined
    let view: RequestView | undefined
    const created: Slot = {
      built: undefined,
      scope: {
        request: () => {
          created.built ??= toWebRequest(request, undefined)
          return created.built
        },
        // What our routes read: a posted callback's Request, else a view of Fastify's own request.
        view: () => {
          view ??= created.built ?? new NodeRequestView(partsOf(request))
          return view
        },
        // Read lazily: a session plugin's own onRequest hook may run after ours.
        get session() {
          port ??= portOf(request)
          return port
        },
        native: request,
        blueprints: byName,
        memo: new Map(),
      },
    }
    slot = created
    slots.set(request, slot)
    return slot
  }

  const plugin: FastifyPluginCallback = (app: FastifyInstance, _opts, done) => {
    // Everything after onRequest continues in this async context (Fastify binds its body parsing to
    // the request with an AsyncResource), so one scope per request covers hooks and handlers.
    app.addHook(
      'onRequest',
      (request: FastifyRequest, _reply: FastifyReply, next: HookHandlerDoneFunction) => {
        runInScope(open(request).scope, next)
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
      const handlerFor = (blueprint: Blueprint) => async (request: FastifyRequest, reply: FastifyReply) => {
        const slot = open(request)
        if (request.method === 'POST')
          slot.built = toWebRequest(request, postedBody(request.body, maxBody, blueprint.name))
        const response = await runInScope(slot.scope, () => blueprint.route(slot.scope))
        if (!response) {
          reply.callNotFound()
          return reply
        }
        return sendResponse(reply, response)
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
