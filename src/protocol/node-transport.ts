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
import { type Dispatcher, request } from 'undici'
import { DanceError } from '../errors.js'
import { withMembers } from '../objects.js'
import { BufferedResponse } from './buffered-response.js'
import { LightAbort } from './light-abort.js'
import {
  agentFor,
  decode,
  fetchIsCustomised,
  headersOf,
  mapUndici,
  NULL_BODY,
  tooLarge,
} from './node-undici.js'
import type { BackChannelTls } from './tls.js'

export { dispatchDeadline } from './dispatch-deadline.js'
export { apiSender } from './node-api-send.js'

/** Limits of one request. */
export interface NodeRequestLimits {
  timeoutMs: number
  maxResponseBytes: number
  /** The blueprint's TLS settings; requests then go through an agent of their own. */
  tls?: BackChannelTls
}

/** This back channel honours {@link BackChannelTls}. */
export const TLS_OPTIONS_SUPPORTED = true

/**
 * The global `fetch` through the agent of a TLS setting, for API calls (which stream their answers to
 * the app and so do not take the buffered lean path).
 */
export function fetchWithTls(
  tls: BackChannelTls,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  const dispatcher = agentFor(tls)
  // `dispatcher` is undici's extension of RequestInit, which Node's own fetch honours.
  return (input, init) => fetch(input, withMembers(init, { dispatcher }) as RequestInit)
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
  const controller = new LightAbort()
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
      signal: controller,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      // We never ask for an interim answer (no Expect, no Upgrade); one means the provider is broken,
      // and waiting for a final answer that may never come would only hold the login until the timeout.
      onInfo: ({ statusCode }) => abort(badStatus(statusCode, provider)),
    }).catch((error: unknown) => {
      throw controller.aborted ? controller.reason : mapUndici(error, provider)
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
      throw controller.aborted ? controller.reason : mapUndici(error, provider)
    }
    const responseHeaders = headersOf(answer.headers, provider)
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
