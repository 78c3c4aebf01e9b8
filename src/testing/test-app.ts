/**
 * How a test reaches an app, whatever it is built with: a running app's URL, a Hono app (`app.fetch`),
 * a Fastify instance (`app.inject`, no port), or an Express app or any Node request listener (served
 * on a free port of 127.0.0.1 for the test's lifetime). Each becomes one function from a Web `Request`
 * to a Web `Response`, with redirects left to the caller.
 */
import { createServer, request as httpRequest, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A Hono app, or anything with a Web `fetch` handler. */
export interface FetchHandlerApp {
  fetch(request: Request): Response | Promise<Response>
}

/** The part of a Fastify instance used here. */
export interface InjectableApp {
  ready(): PromiseLike<unknown>
  inject(options: {
    method: string
    url: string
    headers: Record<string, string>
    payload?: string
  }): PromiseLike<{ statusCode: number; headers: Record<string, unknown>; rawPayload: Buffer }>
}

/** An app under test: its URL, a fetch-handler app (Hono), a Fastify instance, or a Node listener (Express). */
export type TestApp = string | URL | FetchHandlerApp | InjectableApp | RequestListener

/** Sends one request to the app and returns its answer, redirects not followed. */
export interface AppTransport {
  /** The origin the app is asked on (its public origin, as the test sees it). */
  readonly origin: string
  send(request: Request): Promise<Response>
}

const servers = new Map<RequestListener, Promise<Server>>()

/** Stops the servers started for Node-listener apps (Express). Call it in an `afterAll`. */
export async function closeTestApps(): Promise<void> {
  const all = [...servers.values()]
  servers.clear()
  for (const pending of all) {
    const server = await pending
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

function isInjectable(app: object): app is InjectableApp {
  return (
    typeof (app as Partial<InjectableApp>).inject === 'function' &&
    typeof (app as Partial<InjectableApp>).ready === 'function'
  )
}

/**
 * The transport to an app. `origin` is the origin the app should believe it is served on (default: the
 * URL's, `http://localhost` for in-process apps, the server's for Node listeners); it is sent as `Host`.
 */
export async function transportTo(app: TestApp, origin?: string): Promise<AppTransport> {
  if (typeof app === 'string' || app instanceof URL) {
    const base = new URL(app).origin
    return { origin: base, send: (request) => fetch(request, { redirect: 'manual' }) }
  }
  if (typeof app === 'function') {
    let pending = servers.get(app)
    if (!pending) {
      pending = listen(app)
      servers.set(app, pending)
    }
    const server = await pending
    const port = (server.address() as AddressInfo).port
    return { origin: origin ?? `http://127.0.0.1:${port}`, send: (request) => viaNodeHttp(port, request) }
  }
  const base = origin ?? 'http://localhost'
  if (isInjectable(app)) {
    await app.ready()
    return {
      origin: base,
      send: async (request) => {
        const url = new URL(request.url)
        const headers: Record<string, string> = {}
        request.headers.forEach((value, key) => {
          headers[key] = value
        })
        headers.host = url.host
        const body = request.body ? await request.text() : undefined
        const answer = await app.inject({
          method: request.method,
          url: `${url.pathname}${url.search}`,
          headers,
          ...(body !== undefined && { payload: body }),
        })
        return webResponse(answer.statusCode, answer.headers, answer.rawPayload)
      },
    }
  }
  return { origin: base, send: async (request) => app.fetch(request) }
}

async function listen(app: RequestListener): Promise<Server> {
  const server = createServer(app)
  server.listen(0, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  // A forgotten closeTestApps() must not keep the test runner alive.
  server.unref()
  return server
}

/** Sends a Web request to a local port with node:http, so its `Host` header is the one given. */
async function viaNodeHttp(port: number, request: Request): Promise<Response> {
  const url = new URL(request.url)
  const headers: Record<string, string> = {}
  request.headers.forEach((value, key) => {
    headers[key] = value
  })
  headers.host = url.host
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: request.method, path: `${url.pathname}${url.search}`, headers },
      (incoming) => {
        const chunks: Buffer[] = []
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
        incoming.on('end', () =>
          resolve(webResponse(incoming.statusCode ?? 500, incoming.headers, Buffer.concat(chunks))),
        )
        incoming.on('error', reject)
      },
    )
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

/** A Web `Response` from a status, Node-style headers and a body. */
function webResponse(status: number, raw: Record<string, unknown>, body: Buffer): Response {
  const headers = new Headers()
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue
    for (const one of Array.isArray(value) ? value : [value]) headers.append(key, String(one))
  }
  const empty = status === 204 || status === 304 || (status >= 100 && status < 200)
  return new Response(empty ? null : new Uint8Array(body), { status, headers })
}
