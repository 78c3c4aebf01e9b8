/**
 * The responses our routes send. Every one carries `Cache-Control: no-store` and
 * `Referrer-Policy: no-referrer`, so callback URLs (with codes) never leak or get cached.
 * @see [RFC 9700 - Best Current Practice for OAuth 2.0 Security](https://www.rfc-editor.org/rfc/rfc9700.html#section-4.2.4)
 */
import type { DanceError } from '../errors.js'

/** Headers every response of ours carries, as name/value pairs. */
export const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['cache-control', 'no-store'],
  ['pragma', 'no-cache'],
  ['referrer-policy', 'no-referrer'],
]

/** Headers every response of ours carries. */
export function securityHeaders(): Headers {
  return new Headers(SECURITY_HEADERS as Array<[string, string]>)
}

/**
 * A 302 of our routes before it becomes a standard Response. Adapters on Node frameworks write it to
 * their own response object (same status and headers as {@link RouteRedirect.toResponse}), which saves
 * building a `Headers` and a `Response` on every login and callback; others call `toResponse()`.
 */
export class RouteRedirect {
  /** Always 302. */
  readonly status = 302
  constructor(
    /** The `Location` header. */
    readonly location: string,
    /** `Set-Cookie` values, in order. */
    readonly cookies: readonly string[],
  ) {}

  /** The same redirect as a standard Response (with {@link SECURITY_HEADERS}). */
  toResponse(): Response {
    return redirect(this.location, this.cookies)
  }
}

/** What our routes answer: a redirect the adapter may write natively, or any other Response. */
export type RouteAnswer = Response | RouteRedirect

/** A standard Response of a route's answer. */
export function answerResponse(answer: RouteAnswer): Response {
  return answer instanceof RouteRedirect ? answer.toResponse() : answer
}

/** A 302 redirect with our security headers and any cookies to set. */
export function redirect(location: string, cookies: readonly string[] = []): Response {
  const headers = securityHeaders()
  headers.set('location', location)
  for (const cookie of cookies) headers.append('set-cookie', cookie)
  return new Response(null, { status: 302, headers })
}

/** Escapes text for HTML (provider error descriptions are attacker-controlled). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** The default error page: the status, the stable code and a short escaped message; no provider text. */
export function errorPage(error: DanceError, cookies: readonly string[] = []): Response {
  const headers = securityHeaders()
  headers.set('content-type', 'text/html; charset=utf-8')
  headers.set('content-security-policy', "default-src 'none'")
  for (const cookie of cookies) headers.append('set-cookie', cookie)
  const provider = error.provider ? ` with ${escapeHtml(error.provider)}` : ''
  const body = `<!doctype html><meta charset="utf-8"><title>Login failed</title><h1>Login${provider} failed</h1><p>${escapeHtml(error.message)}</p><p><code>${escapeHtml(error.code)}</code></p>`
  return new Response(body, { status: error.status, headers })
}

/** Copies `Set-Cookie` headers onto a response a hook returned (its headers may be immutable). */
export function withCookies(response: Response, cookies: readonly string[]): Response {
  if (cookies.length === 0) return response
  const headers = new Headers(response.headers)
  for (const cookie of cookies) headers.append('set-cookie', cookie)
  if (!headers.has('cache-control')) headers.set('cache-control', 'no-store')
  if (!headers.has('referrer-policy')) headers.set('referrer-policy', 'no-referrer')
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}
