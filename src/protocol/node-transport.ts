/**
 * The default back-channel client: undici's lean `request` API over one keep-alive {@link Agent},
 * used by {@link makeTransport} when no `fetch` is injected. A code exchange through Node 20's global
 * `fetch` spends several times the CPU of a plain request (bench/NOTES.md), and the token endpoint is
 * hit on every login, so this is the callback's hot path.
 *
 * It covers what oauth4webapi and our protocols send (string, URLSearchParams and byte bodies to an
 * http(s) URL; redirects are never followed) and declines anything else, which then goes through the
 * global `fetch`. It enforces the timeout (one deadline for connect, headers and body) and the size cap
 * (on the bytes received and again on the decoded bytes) itself; responses come back fully buffered.
 *
 * Whatever the provider sends, the promise settles with a standard Response (status 200–599) or
 * rejects with a DanceError: an informational (1xx, 101) or out-of-range status, a malformed status
 * line or header, a body that cannot be decoded are `provider_response_invalid`; resets and refused
 * connections `provider_unavailable`; silence or a slow drip `provider_timeout`.
 */
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib'
import { Agent, type Dispatcher, errors, request } from 'undici'
import { DanceError, type FixedText } from '../errors.js'
import { BufferedResponse } from './buffered-response.js'
import type { BackChannelTls } from './tls.js'

export { dispatchDeadline } from './dispatch-deadline.js'

/** Limits of one request. */
export interface NodeRequestLimits {
  timeoutMs: number
  maxResponseBytes: number
  /** The blueprint's TLS settings; requests then go through an agent of their own. */
  tls?: BackChannelTls
}

/** This back channel honours {@link BackChannelTls}. */
export const TLS_OPTIONS_SUPPORTED = true

// Idle sockets close after 4 s, before most servers' own keep-alive timeouts, so a request is rarely
// written to a socket the server is closing. One request per socket at a time (no pipelining): a
// provider that answers one request badly cannot corrupt another's answer.
const agent = new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 60_000, pipelining: 1 })
// One agent per blueprint TLS setting (the option object), so a private CA never reaches other hosts.
const tlsAgents = new WeakMap<BackChannelTls, Agent>()

/** The agent for a TLS setting: the shared one without, one of its own with. */
function agentFor(tls: BackChannelTls | undefined): Agent {
  if (!tls) return agent
  let own = tlsAgents.get(tls)
  if (!own) {
    own = new Agent({
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 60_000,
      pipelining: 1,
      connect: {
        ...(tls.ca !== undefined && { ca: typeof tls.ca === 'string' ? tls.ca : [...tls.ca] }),
        ...(tls.cert !== undefined && { cert: tls.cert }),
        ...(tls.key !== undefined && { key: tls.key }),
      },
    })
    tlsAgents.set(tls, own)
  }
  return own
}

/**
 * The global `fetch` through the agent of a TLS setting, for API calls (which stream their answers to
 * the app and so do not take the buffered lean path).
 */
export function fetchWithTls(
  tls: BackChannelTls,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  const dispatcher = agentFor(tls)
  // `dispatcher` is undici's extension of RequestInit, which Node's own fetch honours.
  return (input, init) => fetch(input, { ...init, dispatcher } as RequestInit)
}

const NULL_BODY = new Set([204, 205, 304])
const DISPATCHER = Symbol.for('undici.globalDispatcher.1')
/** Where undici 8 (Node 26's fetch) keeps the global dispatcher; `.1` then holds a compatibility wrapper. */
const DISPATCHER_V2 = Symbol.for('undici.globalDispatcher.2')
const customised = new WeakMap<object, boolean>()
// A body is decoded through at most this many content codings; more is not a real provider.
const MAX_CODINGS = 3

/**
 * True when the app installed its own global dispatcher for `fetch` (undici's `setGlobalDispatcher`:
 * a proxy agent, a custom connector or CA). Then `fetch` is the app's chosen network path, so we use
 * it. The defaults (Node's own, or the one importing undici installs) are plain `Agent`s whose options
 * are all unset.
 */
function fetchIsCustomised(): boolean {
  const globals = globalThis as Record<symbol, unknown>
  let dispatcher = globals[DISPATCHER]
  // Node 26's own fetch wraps its dispatcher for older undici: judge the dispatcher it wraps.
  if (
    (dispatcher as { constructor?: { name?: string } } | undefined)?.constructor?.name ===
    'Dispatcher1Wrapper'
  ) {
    dispatcher = globals[DISPATCHER_V2]
  }
  if (typeof dispatcher !== 'object' || dispatcher === null) return false
  let known = customised.get(dispatcher)
  if (known === undefined) {
    const symbol = Object.getOwnPropertySymbols(dispatcher).find((s) => s.description === 'options')
    const options = symbol ? (dispatcher as Record<symbol, unknown>)[symbol] : undefined
    known =
      dispatcher.constructor?.name !== 'Agent' ||
      (typeof options === 'object' &&
        options !== null &&
        Object.entries(options).some(
          ([name, value]) => value !== undefined && !(name === 'maxOrigins' && value === Infinity),
        ))
    customised.set(dispatcher, known)
  }
  return known
}

/** The body as bytes or text, or `false` when this client does not handle its type. */
function bodyOf(
  body: BodyInit | null | undefined,
  headers: Record<string, string>,
): string | Uint8Array | undefined | false {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'string') return body
  if (body instanceof URLSearchParams) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8'
    return body.toString()
  }
  if (body instanceof Uint8Array) return body
  if (body instanceof ArrayBuffer) return new Uint8Array(body)
  return false
}

// `provider` in the helpers below is the blueprint the request is for, named on the error.

function invalid<T extends string>(
  message: FixedText<T>,
  provider: string | undefined,
  cause?: unknown,
): DanceError {
  return new DanceError('provider_response_invalid', message, { cause, provider })
}

function tooLarge(maxBytes: number, provider: string | undefined): DanceError {
  return new DanceError(
    'provider_response_invalid',
    `The provider's response is larger than ${maxBytes} bytes.`,
    { provider },
  )
}

function badStatus(statusCode: number, provider: string | undefined): DanceError {
  return new DanceError('provider_response_invalid', `The provider answered with the status ${statusCode}.`, {
    provider,
  })
}

/**
 * Sends one request and resolves a buffered standard Response, or returns undefined when the request
 * is not one it handles. Rejects with a `TimeoutError` after `timeoutMs`, a DanceError (naming the
 * blueprint `provider`) for an unusable answer, the signal's reason, or the connection's error (which
 * {@link transportError} maps).
 */
export function backChannelFetch(
  input: string | URL | Request,
  init: RequestInit | undefined,
  limits: NodeRequestLimits,
  provider: string | undefined,
): Promise<Response> | undefined {
  // With TLS settings of its own, the blueprint's agent is used even where the app customised fetch.
  if (input instanceof Request || init?.redirect === 'follow' || (!limits.tls && fetchIsCustomised()))
    return undefined
  const headers: Record<string, string> = {}
  new Headers(init?.headers).forEach((value, name) => {
    headers[name] = value
  })
  const body = bodyOf(init?.body, headers)
  const url = new URL(input)
  if (body === false || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined
  return send(
    url,
    (init?.method ?? 'GET') as Dispatcher.HttpMethod,
    headers,
    body,
    init?.signal,
    limits,
    provider,
  )
}

async function send(
  url: URL,
  method: Dispatcher.HttpMethod,
  headers: Record<string, string>,
  body: string | Uint8Array | undefined,
  signal: AbortSignal | null | undefined,
  limits: NodeRequestLimits,
  provider: string | undefined,
): Promise<Response> {
  if (signal?.aborted) throw signal.reason
  const { timeoutMs, maxResponseBytes } = limits
  const controller = new AbortController()
  const abort = (reason: unknown) => controller.abort(reason)
  const timer = setTimeout(
    () => abort(new DOMException(`No answer within ${timeoutMs} ms.`, 'TimeoutError')),
    timeoutMs,
  )
  const onAbort = () => abort(signal?.reason)
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const answer = await request(url, {
      dispatcher: agentFor(limits.tls),
      method,
      headers,
      body,
      signal: controller.signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      // We never ask for an interim answer (no Expect, no Upgrade); one means the provider is broken,
      // and waiting for a final answer that may never come would only hold the login until the timeout.
      onInfo: ({ statusCode }) => abort(badStatus(statusCode, provider)),
    }).catch((error: unknown) => {
      throw controller.signal.aborted ? controller.signal.reason : mapUndici(error, provider)
    })
    const { statusCode, body: stream } = answer
    // Destroying the stream early emits an abort error; it is ours, and must not go uncaught.
    stream.on('error', () => {})
    if (!(statusCode >= 200 && statusCode <= 599)) {
      stream.destroy()
      throw badStatus(statusCode, provider)
    }
    if (Number(answer.headers['content-length']) > maxResponseBytes) {
      stream.destroy()
      throw tooLarge(maxResponseBytes, provider)
    }
    const chunks: Buffer[] = []
    let size = 0
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        size += chunk.length
        if (size > maxResponseBytes) {
          stream.destroy()
          throw tooLarge(maxResponseBytes, provider)
        }
        chunks.push(chunk)
      }
    } catch (error) {
      throw controller.signal.aborted ? controller.signal.reason : mapUndici(error, provider)
    }
    const responseHeaders = new Headers()
    try {
      for (const [name, value] of Object.entries(answer.headers)) {
        if (Array.isArray(value)) for (const one of value) responseHeaders.append(name, one)
        else if (value !== undefined) responseHeaders.append(name, value)
      }
    } catch (error) {
      throw invalid("The provider's response has a malformed header.", provider, error)
    }
    const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)
    const decoded = decode(raw, responseHeaders.get('content-encoding'), maxResponseBytes, provider)
    // No statusText: it is text the provider chose, and nothing downstream needs it.
    // Buffered: its reader takes the bytes directly, with no stream set up (buffered-response.ts).
    return new BufferedResponse(NULL_BODY.has(statusCode) ? null : decoded, {
      status: statusCode,
      headers: responseHeaders,
    })
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
}

/**
 * Undoes the content codings `fetch` would undo (gzip, deflate, br), each step capped at `maxBytes`
 * decoded bytes, so a compression bomb stops at the cap. Unknown codings pass through, as in `fetch`.
 * @see [RFC 9110 - HTTP Semantics](https://www.rfc-editor.org/rfc/rfc9110.html#section-8.4.1)
 */
function decode(
  body: Buffer,
  encoding: string | null,
  maxBytes: number,
  provider: string | undefined,
): Buffer {
  if (!encoding || body.length === 0) return body
  const codings = encoding
    .toLowerCase()
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding !== '' && coding !== 'identity')
  if (codings.length > MAX_CODINGS)
    throw invalid("The provider's response has too many content codings.", provider)
  if (!codings.every((coding) => /^(x-)?gzip$|^deflate$|^br$/.test(coding))) return body
  const options = { maxOutputLength: maxBytes }
  let bytes = body
  try {
    for (const coding of codings.reverse()) {
      if (coding === 'br') bytes = brotliDecompressSync(bytes, options)
      else if (coding === 'deflate') bytes = inflateDeflate(bytes, options)
      else bytes = gunzipSync(bytes, options)
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxBytes, provider)
    throw invalid("The provider's response body could not be decoded.", provider, error)
  }
  return bytes
}

/** `deflate` is meant to be zlib-wrapped, but some servers send it raw; `fetch` accepts both. */
function inflateDeflate(bytes: Buffer, options: { maxOutputLength: number }): Buffer {
  // A zlib stream starts with a CMF byte whose low nibble is 8 (deflate) and a check over two bytes.
  const zlibWrapped =
    bytes.length >= 2 && (bytes[0]! & 0x0f) === 8 && ((bytes[0]! << 8) | bytes[1]!) % 31 === 0
  return zlibWrapped ? inflateSync(bytes, options) : inflateRawSync(bytes, options)
}

/**
 * Maps undici's errors: a malformed answer is `provider_response_invalid`, undici's own timeouts keep a
 * `TimeoutError` name for {@link transportError}; the rest (resets, refused connections) stay as they
 * are and become `provider_unavailable`.
 */
function mapUndici(error: unknown, provider: string | undefined): unknown {
  if (error instanceof DanceError) return error
  if (
    error instanceof errors.HTTPParserError ||
    error instanceof errors.ResponseContentLengthMismatchError ||
    error instanceof errors.HeadersOverflowError ||
    // A 101 to a request that asked for no upgrade; undici has no own class for it.
    (error instanceof errors.SocketError && error.message === 'bad upgrade')
  )
    return invalid("The provider's response is not valid HTTP.", provider, error)
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError
  )
    return new DOMException('No answer in time.', 'TimeoutError')
  return error
}
