/**
 * The API calls of one blueprint: authorize (through the protocol), fetch with one deadline, follow
 * redirects only where credentials may go, cap what the app can read, send once more with a DPoP
 * server's nonce when it asks for one, and on a `401` with `invalid_token` refresh once and retry once.
 */
import type { ApiRequestInit } from '../client/api-client.js'
import { sendFollowingRedirects } from '../client/redirects.js'
import type { RequestScope } from '../context.js'
import { DanceError } from '../errors.js'
import type { SwitchableLog } from '../log.js'
import { withMembers } from '../objects.js'
import { isApiBody } from '../protocol/api-sender.js'
import { BufferedResponse } from '../protocol/buffered-response.js'
import {
  type ApiBody,
  type ApiDeadline,
  type ApiSender,
  type FetchLike,
  transportError,
} from '../protocol/http.js'
import type { OutgoingRequest, Protocol } from '../protocol/protocol.js'
import type { Token } from '../token.js'
import { CappedResponse } from './capped-response.js'
import type { UserTokens } from './user-tokens.js'

/** Default of `apiTimeoutMs`: generous for slow APIs, finite so a silent one frees the app's request. */
export const DEFAULT_API_TIMEOUT_MS = 30_000
/** Default of `apiMaxResponseBytes`: far above any JSON answer, far below what would exhaust memory. */
export const DEFAULT_API_MAX_RESPONSE_BYTES = 100 * 1024 * 1024

/** What API calls are made with. */
export interface ApiCallSettings {
  readonly name: string
  readonly protocol: Protocol
  readonly tokens: UserTokens
  readonly log: SwitchableLog
  /** The injectable fetch API calls go through where {@link sender} is absent or declines. */
  readonly fetch: FetchLike
  /**
   * Sends API calls without `fetch` (undici's `request` on Node); absent where `fetch` must (an injected
   * one, other runtimes). Calls with options only `fetch` knows, or a streamed body, go through `fetch`.
   */
  readonly sender?: ApiSender | undefined
  /** Resolves an API path or URL, refusing origins the token may not go to. */
  readonly resolveApiUrl: (path: string | URL) => URL
  /**
   * Makes a call's deadline that aborts through the global `fetch`'s dispatcher (cheaper than a signal);
   * absent, or answering undefined, where the call must abort through a signal.
   */
  readonly deadlines?: (() => ApiDeadline | undefined) | undefined
  /** How long an API call may wait for the answer's status and headers. */
  readonly timeoutMs: number
  /** The most body bytes, decoded, the app can read from one answer. */
  readonly maxResponseBytes: number
}

/** Sends the API calls of one blueprint. */
export class ApiCalls {
  readonly #settings: ApiCallSettings

  constructor(settings: ApiCallSettings) {
    this.#settings = settings
  }

  /**
   * Authorizes and sends `request`. `request` is the caller's to give away (the client builds one per
   * call): when no retry is possible it is authorized in place; otherwise each attempt authorizes a copy.
   */
  async send(
    scope: RequestScope,
    request: OutgoingRequest,
    token: Token,
    init: ApiRequestInit,
    accountId?: string,
  ): Promise<Response> {
    const { timeoutMs, name, sender } = this.#settings
    // The sender for this call, when it can take it; else the call goes through `fetch`.
    const lean = sender && isLeanInit(init) && isApiBody(request.body) && sender.usable() ? sender : undefined
    // An app's own dispatcher is the app's to keep: then the deadline goes through a signal, as it
    // does for the sender (undici's `request` takes a signal at no extra cost).
    const byDispatcher =
      !lean && (init as { dispatcher?: unknown }).dispatcher === undefined
        ? this.#settings.deadlines?.()
        : undefined
    if (byDispatcher) return this.#sendByDispatcher(byDispatcher, scope, request, token, init, accountId)
    // One deadline for the whole call (every redirect hop and the retry after a refresh), cleared once
    // the final answer's status and headers are in: reading the body is the app's, under its own signal.
    const deadline = new AbortController()
    const timer = setTimeout(() => deadline.abort(), timeoutMs)
    const signal = init.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal
    try {
      return await this.#sendWithin(scope, request, token, withMembers(init, { signal }), accountId, lean)
    } catch (error) {
      throw callFailure(error, init, deadline.signal.aborted, name, timeoutMs)
    } finally {
      clearTimeout(timer)
    }
  }

  /** {@link send} with the deadline enforced through the global `fetch`'s dispatcher (no signal). */
  async #sendByDispatcher(
    deadline: ApiDeadline,
    scope: RequestScope,
    request: OutgoingRequest,
    token: Token,
    init: ApiRequestInit,
    accountId?: string,
  ): Promise<Response> {
    const { timeoutMs, name } = this.#settings
    const timer = setTimeout(
      () => deadline.expire(new DOMException('The API call took too long.', 'TimeoutError')),
      timeoutMs,
    )
    try {
      const withDispatcher = withMembers(init, { dispatcher: deadline.dispatcher }) as ApiRequestInit
      return await deadline.bound(this.#sendWithin(scope, request, token, withDispatcher, accountId))
    } catch (error) {
      throw callFailure(error, init, deadline.expired, name, timeoutMs)
    } finally {
      clearTimeout(timer)
    }
  }

  async #sendWithin(
    scope: RequestScope,
    request: OutgoingRequest,
    token: Token,
    init: ApiRequestInit,
    accountId?: string,
    lean?: ApiSender,
  ): Promise<Response> {
    const { name, protocol, tokens, log, maxResponseBytes } = this.#settings
    const { json: _json, form: _form, query: _query, headers: _headers, body: _body, ...rest } = init
    // Redirects are followed by hand (see client/redirects.ts) unless the app asked for another mode.
    const follow = rest.redirect === undefined || rest.redirect === 'follow'
    const sendOne = async (outgoing: OutgoingRequest): Promise<Response> => {
      const logging = log.enabled()
      if (logging) log('api.request', { method: outgoing.method, url: outgoing.url })
      // A protocol may have rewritten the body (OAuth 1 signs form parameters): checked per hop.
      const answer =
        lean && isApiBody(outgoing.body)
          ? await lean.send(
              outgoing as OutgoingRequest & { body: ApiBody },
              rest.signal!,
              maxResponseBytes,
              name,
            )
          : checkedAnswer(
              await this.#settings.fetch(
                outgoing.url,
                withMembers(rest, {
                  method: outgoing.method,
                  headers: outgoing.headers,
                  body: outgoing.body ?? null,
                  ...(follow && { redirect: 'manual' as const }),
                }),
              ),
              maxResponseBytes,
              name,
            )
      if (logging) log('api.response', { method: outgoing.method, url: outgoing.url, status: answer.status })
      return answer
    }
    const attempt = async (outgoing: OutgoingRequest, current: Token): Promise<Response> => {
      if (follow) {
        return sendFollowingRedirects(
          {
            name,
            isApiOrigin: (url) => this.#isApiOrigin(url),
            authorize: (next) => protocol.authorizeRequest(next, current),
            send: sendOne,
            // Asked for only when a redirect leaves the API's origins: not worked out on every call.
            secrets: () => tokenSecrets(current),
          },
          outgoing,
        )
      }
      const authorizing = protocol.authorizeRequest(outgoing, current)
      // OAuth 2 authorizes synchronously: no extra await (and microtask) then.
      if (authorizing) await authorizing
      return sendOne(outgoing)
    }
    // The retry must start from the request as the client built it (a query token or a signature of
    // the first attempt must not carry over), so the first attempt works on a copy only then. (When
    // redirects are followed, each hop works on its own copy anyway.)
    const replayable = isReplayable(request.body)
    const retryable = protocol.canRefresh(token) && replayable
    // A DPoP server may refuse the first proof for want of its nonce: then the same request once more.
    const proving = replayable && protocol.sendsProofs?.(token) === true
    const copies = (retryable || proving) && !follow
    let response = await attempt(copies ? copyRequest(request) : request, token)
    if (proving && protocol.retryWithNonce?.(request.url, response)) {
      await response.body?.cancel().catch(() => {})
      response = await attempt(copies ? copyRequest(request) : request, token)
      protocol.retryWithNonce?.(request.url, response)
    }
    if (response.status !== 401 || !retryable || !isInvalidTokenChallenge(response)) return response
    await response.body?.cancel().catch(() => {})
    const fresh = await tokens.refresh(scope, await tokens.key(scope, accountId), token, 'rejected')
    const retried = await attempt(request, fresh)
    if (retried.status === 401) {
      await retried.body?.cancel().catch(() => {})
      throw new DanceError('api_unauthorized', `${name} rejected a freshly refreshed token.`, {
        provider: name,
      })
    }
    return retried
  }

  /** True when `url` is on the API base URL's origin or an origin allowed for API calls. */
  #isApiOrigin(url: URL): boolean {
    try {
      // The resolver is the one place that knows the allowed origins; it refuses every other.
      return this.#settings.resolveApiUrl(url.href).origin === url.origin
    } catch {
      return false
    }
  }
}

/**
 * What a failed call throws, whichever way its deadline was enforced: the app's own abort as it came
 * (its business), `provider_timeout` once the deadline passed, any other failure (a refused connection,
 * broken HTTP) as a DanceError of the transport.
 */
function callFailure(
  error: unknown,
  init: ApiRequestInit,
  expired: boolean,
  name: string,
  timeoutMs: number,
): unknown {
  if (init.signal?.aborted) return error
  if (!expired) return transportError(error, name)
  return new DanceError('provider_timeout', `${name} did not answer the API call within ${timeoutMs} ms.`, {
    provider: name,
    cause: error,
  })
}

/**
 * A copy of the request whose URL and headers can be changed without touching the original, so a
 * retry starts from the request as the client built it.
 */
function copyRequest(request: OutgoingRequest): OutgoingRequest {
  return { ...request, url: new URL(request.url), headers: new Headers(request.headers) }
}

/**
 * True when a 401 says the access token was refused (`invalid_token`, or no challenge at all).
 * @see [RFC 6750 - The OAuth 2.0 Authorization Framework: Bearer Token Usage](https://www.rfc-editor.org/rfc/rfc6750.html#section-3.1)
 */
function isInvalidTokenChallenge(response: Response): boolean {
  const challenge = response.headers.get('www-authenticate')
  // Providers that send no challenge at all on 401 (many do) mean the same thing.
  return challenge === null || /invalid_token/i.test(challenge)
}

/** The options {@link ApiSender} honours; a call with any other (`cache`, `keepalive`…) goes through `fetch`. */
const LEAN_OPTIONS = new Set(['json', 'form', 'query', 'headers', 'body', 'signal', 'redirect'])

/** True when every option of the call is one the sender honours, and redirects are followed or returned. */
function isLeanInit(init: ApiRequestInit): boolean {
  for (const key in init) {
    if (!LEAN_OPTIONS.has(key) && (init as Record<string, unknown>)[key] !== undefined) return false
  }
  return init.redirect === undefined || init.redirect === 'follow' || init.redirect === 'manual'
}

/** True when a request body can be sent twice (none, a string or form parameters; a stream cannot). */
function isReplayable(body: BodyInit | null | undefined): boolean {
  return body === undefined || body === null || typeof body === 'string' || body instanceof URLSearchParams
}

/**
 * The answer, refused when its status is outside 200–599, with its body cut at `max` decoded bytes. An uncompressed body whose length is declared
 * within the cap passes untouched (no stream in the way); a compressed one, or one of unknown length,
 * is counted as the app reads it, and reading fails once it passes the cap.
 */
function checkedAnswer(response: Response, max: number, name: string): Response {
  // A fetch may hand over a status no standard Response can carry (LinkedIn's 999, 600 and above).
  if (!(response.status >= 200 && response.status <= 599)) {
    response.body?.cancel().catch(() => {})
    throw new DanceError(
      'provider_response_invalid',
      `The ${name} API answered with the status ${response.status}.`,
      {
        provider: name,
      },
    )
  }
  // Already in memory and within the cap: nothing to count (and no stream to set up).
  if (response instanceof BufferedResponse && response.byteLength <= max) return response
  const body = response.body
  if (body === null || max === Number.POSITIVE_INFINITY) return response
  const coding = response.headers.get('content-encoding')
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if ((coding === null || coding === 'identity') && declared <= max) return response
  // Counted as the app reads, without a stream in the way of json() or text() (capped-response.ts).
  return new CappedResponse(response, max, name)
}

/** The token values that authorize requests, never to appear in a request to another origin. */
function tokenSecrets(token: Token): string[] {
  const values = [token.access_token, (token as { oauth_token?: unknown }).oauth_token]
  return values.filter((v): v is string => typeof v === 'string' && v.length > 0)
}
