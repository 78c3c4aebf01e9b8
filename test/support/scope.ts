/**
 * A request scope without a web framework, for consumer-level tests: a standard Request and an
 * in-memory session, as an adapter would provide them.
 */
import type { RequestScope, SessionPort } from '../../src/context.js'

/** A session port over a Map, so tests can look inside. */
export function mapSession(data = new Map<string, unknown>()): SessionPort & { data: Map<string, unknown> } {
  return {
    data,
    get: (key) => data.get(key),
    set: (key, value) => {
      data.set(key, value)
    },
    delete: (key) => {
      data.delete(key)
    },
  }
}

/** A scope for `request`, with the given session and blueprints. */
export function testScope(
  request: Request,
  options: { session?: SessionPort; blueprints?: ReadonlyMap<string, unknown> } = {},
): RequestScope {
  return {
    request: () => request,
    session: options.session ?? mapSession(),
    native: undefined,
    blueprints: options.blueprints ?? new Map(),
    memo: new Map(),
  }
}

/** The `name=value` pairs of a response's Set-Cookie headers that are not deletions, as a Cookie header. */
export function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .filter((pair) => !pair.endsWith('='))
    .join('; ')
}
