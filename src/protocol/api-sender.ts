/**
 * What sends API calls without `fetch` (node-api-send.ts on Node), as the runtime-neutral layers see it:
 * the consumer decides per call whether the sender can take it, without importing anything of Node.
 */

/** A request body this sender writes as it is; anything else (a stream, a Blob, FormData) goes to `fetch`. */
export type ApiBody = string | URLSearchParams | Uint8Array | ArrayBuffer | null | undefined

/** One hop of an API call as the client built and the protocol authorized it. */
export interface ApiHop {
  readonly url: URL
  readonly method: string
  readonly headers: Headers
  readonly body: ApiBody
}

/** Sends API calls without `fetch`; see the module comment. */
export interface ApiSender {
  /** False when this call must go through `fetch` (the app's own global dispatcher). */
  usable(): boolean
  /**
   * Sends one hop (redirects are never followed here) and resolves the answer once its status and
   * headers are in. Its body is read, and decoded, under `maxResponseBytes`; past that, reading fails
   * with `provider_response_invalid` naming `provider`. Rejects with the signal's reason once it aborts,
   * `provider_response_invalid` for an unusable answer, or the connection's error (which
   * `transportError` in http.ts maps).
   */
  send(hop: ApiHop, signal: AbortSignal, maxResponseBytes: number, provider: string): Promise<Response>
}

/** True when `body` is one an {@link ApiSender} writes itself. */
export function isApiBody(body: unknown): body is ApiBody {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    body instanceof URLSearchParams ||
    body instanceof Uint8Array ||
    body instanceof ArrayBuffer
  )
}
