/**
 * How API calls follow redirects: by hand, so that no credential the blueprint added (a header, a
 * query parameter, a body parameter or an OAuth 1 signature) ever leaves the API's origins.
 *
 * `fetch` follows redirects itself and strips only `Authorization` when the origin changes: a custom
 * token header, an API-key header, a token in the query or a token in a form body (replayed on 307 and
 * 308) would reach whatever origin the API redirects to. Here every hop starts again from the request
 * as the app built it (before any credential was added): a hop to the base URL's origin or an allowed
 * origin is authorized afresh for its own URL (an OAuth 1 signature covers the new URL); a hop
 * anywhere else goes without credentials, without the app's own `Authorization`, `Cookie` and
 * `Proxy-Authorization`, without query parameters the blueprint added or that carry the token, and is
 * refused (`api_redirect_refused`) when its body would have to carry a credential (307/308). Once a
 * chain has left the API's origins it is never authorized again, so a stranger cannot choose where
 * the token goes next.
 *
 * @see [Fetch Standard - HTTP-redirect fetch](https://fetch.spec.whatwg.org/#http-redirect-fetch)
 */

import { DanceError, type FixedText } from '../errors.js'
import type { OutgoingRequest } from '../protocol/protocol.js'

/** Redirects followed per API call before giving up, as `fetch` does. */
export const MAX_API_REDIRECTS = 20

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const BODY_HEADERS = ['content-type', 'content-encoding', 'content-language', 'content-location']
// What `fetch` itself drops on a cross-origin redirect, plus cookies: the app's own credentials.
const APP_CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie']

/** What following redirects needs of the blueprint and the transport. */
export interface RedirectHost {
  /** Provider name, for errors. */
  readonly name: string
  /** True for the base URL's origin and the origins the app allowed for API calls. */
  isApiOrigin(url: URL): boolean
  /** Adds the blueprint's credentials to a request (the blueprint's `authorizeRequest`). */
  authorize(request: OutgoingRequest): Promise<void> | void
  /** Sends one hop, never following redirects itself. */
  send(request: OutgoingRequest): Promise<Response>
  /**
   * The token's secret values, removed from the query of any hop that leaves the API's origins. Asked
   * for only then: a method, not a getter, since a per-call object literal with a getter gets a map of
   * its own that holds the getter's closure, so everything the closure reaches outlives the request
   * (bench/NOTES.md item 15).
   */
  secrets(): readonly string[]
}

/**
 * Authorizes and sends `request`, following redirects (up to {@link MAX_API_REDIRECTS}) under the
 * rules above. `request` is the request as the app built it; it is not changed.
 */
export async function sendFollowingRedirects(
  host: RedirectHost,
  request: OutgoingRequest,
): Promise<Response> {
  let pristine = request
  let hop = copyOf(pristine)
  await host.authorize(hop)
  let response = await host.send(hop)
  let trusted = true
  for (let hops = 0; REDIRECTS.has(response.status); hops++) {
    const location = response.headers.get('location')
    if (location === null) return response
    if (hops >= MAX_API_REDIRECTS) throw refused(host, 'too many redirects')
    let target: URL
    try {
      target = new URL(location, hop.url)
    } catch {
      throw refused(host, 'a redirect to an unparsable location')
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') {
      throw refused(host, 'a redirect to a non-HTTP location')
    }
    await response.body?.cancel().catch(() => {})
    // fetch's rule: 303 (but HEAD), and 301/302 after POST, become a GET without a body.
    const toGet =
      (response.status === 303 && pristine.method !== 'GET' && pristine.method !== 'HEAD') ||
      ((response.status === 301 || response.status === 302) && pristine.method === 'POST')
    const next: OutgoingRequest = {
      method: toGet ? 'GET' : pristine.method,
      url: target,
      headers: new Headers(pristine.headers),
      body: toGet ? null : pristine.body,
    }
    if (toGet) for (const name of BODY_HEADERS) next.headers.delete(name)
    else if (!isReplayable(next.body))
      throw refused(host, 'a redirect that would need the request body again')
    trusted &&= host.isApiOrigin(target)
    if (trusted) {
      pristine = next
      hop = copyOf(next)
      await host.authorize(hop)
    } else {
      const credentialInBody = !toGet && bodyText(hop.body) !== bodyText(pristine.body)
      if (credentialInBody)
        throw refused(host, 'a redirect to another origin of a request whose body carries a credential')
      const secrets = host.secrets()
      if (secrets.some((secret) => secret.length > 0 && target.pathname.includes(secret))) {
        throw refused(host, 'a redirect to another origin with the token in its path')
      }
      stripCredentials(next, hop, pristine, secrets)
      pristine = next
      hop = next
    }
    response = await host.send(hop)
  }
  return response
}

/** Removes from a hop leaving the API's origins every credential the blueprint or the app added. */
function stripCredentials(
  next: OutgoingRequest,
  authorized: OutgoingRequest,
  built: OutgoingRequest,
  secrets: readonly string[],
): void {
  for (const name of APP_CREDENTIAL_HEADERS) next.headers.delete(name)
  // Headers the blueprint added or changed (a custom token header, an API key) are not in `built`;
  // `next` starts from `built`, so they are already absent. Query parameters the blueprint added may
  // come back in the Location the API chose: drop them by name, and anything carrying the token.
  const added = new Set<string>()
  for (const [name, value] of authorized.url.searchParams) {
    if (built.url.searchParams.getAll(name).includes(value)) continue
    added.add(name)
  }
  const query = next.url.searchParams
  for (const name of [...new Set(query.keys())]) {
    const carriesSecret = query.getAll(name).some((v) => secrets.some((s) => s.length > 0 && v.includes(s)))
    if (added.has(name) || carriesSecret) query.delete(name)
  }
}

function copyOf(request: OutgoingRequest): OutgoingRequest {
  return { ...request, url: new URL(request.url), headers: new Headers(request.headers) }
}

function isReplayable(body: BodyInit | null | undefined): boolean {
  return body === undefined || body === null || typeof body === 'string' || body instanceof URLSearchParams
}

function bodyText(body: BodyInit | null | undefined): string | undefined {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'string') return body
  if (body instanceof URLSearchParams) return body.toString()
  // Another body kind cannot carry a credential we added (we only ever write form strings).
  return undefined
}

function refused<T extends string>(host: RedirectHost, what: FixedText<T>): DanceError {
  return new DanceError('api_redirect_refused', `The ${host.name} API answered with ${what}; not followed.`, {
    provider: host.name,
  })
}
