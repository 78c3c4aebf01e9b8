/**
 * The default back-channel client: a lean `fetch` over `node:http`/`node:https` with keep-alive agents,
 * used by {@link makeTransport} when no `fetch` is injected. A code exchange through Node 20's global
 * `fetch` spent about four times the CPU of the same request through `node:http` (bench/RESULTS.md);
 * the token endpoint is hit on every login, so this is the callback's hot path.
 *
 * It covers what oauth4webapi and our protocols send (string, URLSearchParams and byte bodies to an
 * http(s) URL; redirects are never followed) and declines anything else, which then goes through the
 * global `fetch`. It enforces the timeout and the size cap itself; responses come back fully buffered.
 *
 * @see https://nodejs.org/api/http.html#class-httpagent
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.11 (redirects are never followed)
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { DanceError } from '../errors.js'

/** Limits of one request. */
export interface NodeRequestLimits {
  timeoutMs: number
  maxResponseBytes: number
}

// Idle sockets close after 4 s (as undici's do), before most servers' own keep-alive timeouts, so a
// request is rarely written to a socket the server is closing. The agents unref idle sockets.
const agents = {
  'http:': new HttpAgent({ keepAlive: true, timeout: 4_000 }),
  'https:': new HttpsAgent({ keepAlive: true, timeout: 4_000 }),
}
const NULL_BODY = new Set([101, 204, 205, 304])
const DISPATCHER = Symbol.for('undici.globalDispatcher.1')
const customised = new WeakMap<object, boolean>()

/**
 * True when the app installed its own global dispatcher for `fetch` (undici's `setGlobalDispatcher`:
 * a proxy agent, a custom connector or CA). Then `fetch` is the app's chosen network path, so we use
 * it. Node's own default is a plain `Agent` whose options are all undefined.
 * @see https://undici.nodejs.org/#/docs/api/GlobalInstallation
 */
function fetchIsCustomised(): boolean {
  const dispatcher = (globalThis as Record<symbol, unknown>)[DISPATCHER]
  if (typeof dispatcher !== 'object' || dispatcher === null) return false
  let known = customised.get(dispatcher)
  if (known === undefined) {
    const symbol = Object.getOwnPropertySymbols(dispatcher).find((s) => s.description === 'options')
    const options = symbol ? (dispatcher as Record<symbol, unknown>)[symbol] : undefined
    known =
      dispatcher.constructor?.name !== 'Agent' ||
      (typeof options === 'object' &&
        options !== null &&
        Object.values(options).some((value) => value !== undefined))
    customised.set(dispatcher, known)
  }
  return known
}

/** The body as bytes or text, or `false` when this client does not handle its type. */
function bodyOf(
  body: BodyInit | null | undefined,
  headers: Headers,
): string | Uint8Array | undefined | false {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'string') return body
  if (body instanceof URLSearchParams) {
    if (!headers.has('content-type'))
      headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8')
    return body.toString()
  }
  if (body instanceof Uint8Array) return body
  if (body instanceof ArrayBuffer) return new Uint8Array(body)
  return false
}

/**
 * Sends one request and resolves a buffered standard Response, or returns undefined when the request
 * is not one it handles. Rejects with a `TimeoutError` after `timeoutMs`, `provider_response_invalid`
 * past `maxResponseBytes`, the signal's reason, or the socket's error.
 */
export function nodeFetch(
  input: string | URL | Request,
  init: RequestInit | undefined,
  limits: NodeRequestLimits,
): Promise<Response> | undefined {
  if (input instanceof Request || init?.redirect === 'follow' || fetchIsCustomised()) return undefined
  const headers = new Headers(init?.headers)
  const body = bodyOf(init?.body, headers)
  const url = new URL(input)
  if (body === false || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined
  const signal = init?.signal ?? undefined
  if (signal?.aborted) return Promise.reject(signal.reason)
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  const outgoing: Record<string, string> = {}
  headers.forEach((value, name) => {
    outgoing[name] = value
  })
  return new Promise<Response>((resolve, reject) => {
    const req = send(url, {
      method: init?.method ?? 'GET',
      headers: outgoing,
      agent: agents[url.protocol as 'http:'],
    })
    const fail = (error: unknown) => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      req.destroy()
      reject(error)
    }
    const timer = setTimeout(
      () => fail(new DOMException(`No answer within ${limits.timeoutMs} ms.`, 'TimeoutError')),
      limits.timeoutMs,
    )
    const onAbort = () => fail(signal?.reason)
    signal?.addEventListener('abort', onAbort, { once: true })
    req.once('error', fail)
    req.once('response', (res: IncomingMessage) => {
      const tooLarge = () =>
        fail(
          new DanceError(
            'provider_response_invalid',
            `The provider's response is larger than ${limits.maxResponseBytes} bytes.`,
          ),
        )
      if (Number(res.headers['content-length']) > limits.maxResponseBytes) return tooLarge()
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > limits.maxResponseBytes) return tooLarge()
        chunks.push(chunk)
      })
      res.once('error', fail)
      res.once('end', () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        const responseHeaders = new Headers()
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!)
        }
        const status = res.statusCode ?? 502
        resolve(
          new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), {
            status,
            statusText: res.statusMessage ?? '',
            headers: responseHeaders,
          }),
        )
      })
    })
    req.end(body)
  })
}
