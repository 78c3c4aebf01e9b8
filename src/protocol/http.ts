/**
 * The one door for back-channel HTTP: every request to a provider goes through a {@link Transport},
 * which adds a timeout, refuses to follow redirects and caps the response size.
 */

// node-transport.ts on Node, web-transport.ts on workerd, Deno, Bun and browsers (package.json `imports`).
import {
  apiSender as backChannelApiSender,
  backChannelFetch,
  dispatchDeadline,
  fetchWithTls,
  TLS_OPTIONS_SUPPORTED,
} from '#back-channel'
import { readCapped } from '../body.js'
import { DeadlineExceeded, withDeadline } from '../deadline.js'
import { DanceError, ownedBy } from '../errors.js'
import type { Log } from '../log.js'
import { withMembers } from '../objects.js'
import type { ApiSender } from './api-sender.js'
import type { BackChannelTls } from './tls.js'

export type { ApiBody, ApiHop, ApiSender } from './api-sender.js'
export type { BackChannelTls } from './tls.js'

/** The `fetch` signature we accept (the global `fetch`, undici's, or a test double). */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** Options of {@link makeTransport}. */
export interface TransportOptions {
  /**
   * The fetch to use; by default, on Node, undici's lean keep-alive `request` (the global `fetch` for
   * what it declines), and the global `fetch` on other runtimes.
   */
  fetch?: FetchLike | undefined
  /** Abort a back-channel request after this many milliseconds (default 10 000). */
  timeoutMs?: number | undefined
  /** Refuse response bodies larger than this many bytes (default 1 MiB). */
  maxResponseBytes?: number | undefined
  /** Debug log of each request's origin, path, status and time (never its query or body). */
  log?: Log | undefined
  /** The blueprint the requests are for, named on every error the transport throws. */
  provider?: string | undefined
  /** TLS settings of the back channel (Node only): the CA a private provider's certificate chains to. */
  tls?: BackChannelTls | undefined
}

/**
 * The fetch API calls go through: the injected one, else the global `fetch` (through the blueprint's
 * own TLS agent when it has `tls`; {@link makeTransport} has already refused `tls` where that cannot be).
 */
export function apiFetch(options: Pick<TransportOptions, 'fetch' | 'tls'>): FetchLike {
  if (options.fetch) return options.fetch
  if (options.tls) return fetchWithTls(options.tls)
  return (input, init) => fetch(input, init)
}

/**
 * What sends API calls without `fetch` (undici's `request` on Node; node-api-send.ts); undefined where
 * `fetch` must: an injected fetch is the app's, and other runtimes answer `fetch` natively.
 */
export function apiSender(options: Pick<TransportOptions, 'fetch' | 'tls'>): ApiSender | undefined {
  if (options.fetch) return undefined
  return backChannelApiSender(options.tls)
}

/** One API call's deadline enforced through `fetch`'s dispatcher (Node only; dispatch-deadline.ts). */
export interface ApiDeadline {
  readonly dispatcher: unknown
  readonly expired: boolean
  bound<T>(work: Promise<T>): Promise<T>
  expire(reason: unknown): void
}

/**
 * Makes the deadline of each API call through {@link apiFetch}'s global `fetch`, where that `fetch`
 * takes a dispatcher (Node); undefined where API calls must abort through a signal instead: an
 * injected fetch, the blueprint's own TLS agent (its dispatcher is taken), other runtimes.
 */
export function apiDeadlines(
  options: Pick<TransportOptions, 'fetch' | 'tls'>,
): (() => ApiDeadline | undefined) | undefined {
  if (options.fetch || options.tls) return undefined
  return dispatchDeadline
}

/** A fetch with the safety rules applied. */
export type Transport = FetchLike

/** Default back-channel timeout: long enough for a slow provider, short enough to answer the browser. */
export const DEFAULT_TIMEOUT_MS = 10_000
/** Default cap on a provider response body. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024

/** Wraps `fetch` with a timeout, `redirect: 'manual'` and a response-size cap. */
export function makeTransport(options: TransportOptions = {}): Transport {
  const base: FetchLike = options.fetch ?? ((input, init) => fetch(input, init))
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
  const log = options.log
  const provider = options.provider
  // Without an injected fetch, requests go through `#back-channel` (undici's lean `request` on Node).
  const lean = options.fetch === undefined
  const tls = options.tls
  if (tls !== undefined) {
    const label = provider ?? 'The blueprint'
    // Silently dropping a CA would send the app to the public roots, where the login then fails with a
    // less useful error, or worse, to an operator's "turn TLS checks off" workaround.
    if (!lean) {
      throw new DanceError(
        'config_invalid',
        `${label}: \`tls\` cannot apply to an injected \`fetch\`; configure the CA on that fetch instead.`,
        { provider },
      )
    }
    if (!TLS_OPTIONS_SUPPORTED) {
      throw new DanceError(
        'config_invalid',
        `${label}: \`tls\` needs Node's back channel; on this runtime, pass a \`fetch\` that trusts the CA.`,
        { provider },
      )
    }
  }
  return async (input, init) => {
    const url = input instanceof Request ? input.url : input
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET')
    const started = performance.now()
    log?.('http.request', { method, url })
    try {
      const native = lean
        ? backChannelFetch(
            input,
            withMembers(init, { redirect: 'manual' as const }),
            { timeoutMs, maxResponseBytes: maxBytes, ...(tls && { tls }) },
            provider,
          )
        : undefined
      if (tls && !native) {
        throw new DanceError('config_invalid', 'A request the TLS-configured back channel cannot send.', {
          provider,
        })
      }
      // An injected fetch may ignore the signal (a wrapper with a signal of its own): the race bounds it.
      const capped = native
        ? await native
        : await withDeadline(
            base(
              input,
              withMembers(init, { redirect: 'manual' as const, signal: timeoutSignal(init, timeoutMs) }),
            ).then((response) => capBody(response, maxBytes, provider)),
            timeoutMs,
            'The provider',
          )
      log?.('http.response', { method, url, status: capped.status, ms: performance.now() - started })
      return capped
    } catch (error) {
      const mapped = transportError(error, provider, input)
      log?.('http.failed', { method, url, error: mapped.code, ms: performance.now() - started })
      throw mapped
    }
  }
}

function timeoutSignal(init: RequestInit | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs)
  return init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout
}

/** Reads the body with a size limit and returns an equivalent, fully buffered Response. */
async function capBody(
  response: Response,
  maxBytes: number,
  provider: string | undefined,
): Promise<Response> {
  // A fetch may hand over a status no standard Response can carry (a 1xx, or 600 and above).
  if (!(response.status >= 200 && response.status <= 599)) {
    await response.body?.cancel().catch(() => {})
    throw new DanceError(
      'provider_response_invalid',
      `The provider answered with the invalid status ${response.status}.`,
      { provider },
    )
  }
  const declared = Number(response.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {})
    throw new DanceError(
      'provider_response_invalid',
      `The provider's response is larger than ${maxBytes} bytes.`,
      { provider },
    )
  }
  const body = await readCapped(
    response.body,
    maxBytes,
    () =>
      new DanceError(
        'provider_response_invalid',
        `The provider's response is larger than ${maxBytes} bytes.`,
        { provider },
      ),
  )
  const nullBody = response.status === 204 || response.status === 205 || response.status === 304
  return new Response(nullBody ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
}

/**
 * Maps a network failure of a request for the blueprint `provider` to a DanceError: timeouts to
 * `provider_timeout`, the rest to `provider_unavailable`.
 */
export function transportError(
  error: unknown,
  provider: string | undefined,
  input?: string | URL | Request,
): DanceError {
  if (error instanceof DanceError) return provider === undefined ? error : ownedBy(error, provider)
  const where = input === undefined ? 'the provider' : describeUrl(input)
  const name = (error as { name?: string } | null)?.name
  // The URL may come from a discovery document (the provider's text): logs get it, the message does not.
  if (name === 'TimeoutError' || name === 'AbortError' || error instanceof DeadlineExceeded) {
    return new DanceError('provider_timeout', 'No answer from the provider in time.', {
      cause: error,
      providerDetail: where,
      provider,
    })
  }
  return new DanceError('provider_unavailable', 'Could not reach the provider.', {
    cause: error,
    providerDetail: where,
    provider,
  })
}

/** Origin and path of a URL, never its query (which may hold a code or token). */
export function describeUrl(input: string | URL | Request): string {
  try {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
    return `${url.origin}${url.pathname}`
  } catch {
    return 'the provider'
  }
}
