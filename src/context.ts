/**
 * The request scope: which request are we in. The only module that imports `node:async_hooks`.
 *
 * Adapters open a scope per incoming request; the request-scoped clients (`github.get(...)`) find
 * their blueprint, session and cached token through it, so two concurrent requests never share state.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { DanceError } from './errors.js'

/**
 * The small view of a framework's session that the core needs; each adapter maps its framework's
 * session onto it (Express: `req.session` of express-session).
 */
export interface SessionPort {
  get(key: string): unknown
  set(key: string, value: unknown): void
  delete(key: string): void
  /**
   * Replaces the session with a fresh one under a new id that holds only the keys named in `keep`
   * (copied from the old session), to prevent session fixation at login: whatever was planted in the
   * old session stays behind.
   */
  regenerate?(keep: readonly string[]): Promise<void>
}

/**
 * What our routes read of a request that has no body to read: its URL, method and headers. A standard
 * Request is one; adapters on Node frameworks give a lighter one made from the framework's own request,
 * so a login or a callback by GET builds no standard Request unless a hook or resolver asks for it.
 */
export interface RequestView {
  /** The absolute URL, serialised as a standard Request's `url` is. */
  readonly url: string
  readonly method: string
  readonly headers: { get(name: string): string | null }
  /**
   * `url` already parsed, when the adapter parsed it anyway: the route's parts read it instead of
   * parsing the same string again (a login read it five times). Shared by every reader of the
   * request, so never changed.
   */
  readonly parsedUrl?: URL | undefined
}

/** The request's URL, parsed: the view's own when it has one, else parsed now. Read it; never change it. */
export function urlOf(request: RequestView): URL {
  return request.parsedUrl ?? new URL(request.url)
}

/** What a request scope holds. Created by an adapter; read by clients and storages. */
export interface RequestScope {
  /** The standard Request, when the adapter built one (it builds one lazily on other routes). */
  readonly request: () => Request
  /**
   * The request as a {@link RequestView}, when the adapter has one cheaper than {@link request}
   * (undefined: use `request()`). It must describe the same request: the URL and headers `request()`
   * would have.
   */
  readonly view?: () => RequestView
  /** The framework session, exposed through a small port. */
  readonly session: SessionPort | undefined
  /** The framework's native request object (Express `req`), for user resolvers. */
  readonly native: unknown
  /**
   * Blueprints registered with the adapter that opened this scope, by name. The scope is the bottom
   * layer and cannot name the Blueprint class; its reader checks what it finds (`scopedClient`).
   */
  readonly blueprints: ReadonlyMap<string, unknown>
  /** Per-request memo: at most one storage read per blueprint and key per request. */
  readonly memo: Map<string, unknown>
}

const storage = new AsyncLocalStorage<RequestScope>()

/** Runs `fn` inside a request scope. Adapters call this once per request. */
export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn)
}

/** The current scope, or undefined outside a request. */
export function currentScope(): RequestScope | undefined {
  return storage.getStore()
}

/** The current scope; throws `outside_request` when called outside a request. */
export function requireScope(what: string): RequestScope {
  const scope = storage.getStore()
  if (!scope) {
    throw new DanceError(
      'outside_request',
      `${what} was used outside a request. Call it from a route handler (or code it calls) of an app that mounts oauth-dance's middleware.`,
    )
  }
  return scope
}
