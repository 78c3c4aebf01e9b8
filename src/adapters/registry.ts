/**
 * What every adapter does the same way before it touches its framework: split the blueprints from the
 * options, refuse duplicate names and routes, and index blueprints by name (for the scoped clients) and
 * by route (for the login and callback routes).
 *
 * @see [RFC 9700 - Best Current Practice for OAuth 2.0 Security](https://www.rfc-editor.org/rfc/rfc9700.html#section-4.4.2)
 */
import { BLUEPRINT_BRAND, Blueprint } from '../consumer/blueprint.js'
import type { RequestView } from '../context.js'
import { DanceError } from '../errors.js'

/** Blueprints by name and by route path. */
export interface BlueprintIndex {
  readonly byName: ReadonlyMap<string, Blueprint>
  readonly routes: ReadonlyMap<string, Blueprint>
}

/**
 * True for a blueprint (rather than an adapter's options object). Throws `config_invalid` for a
 * blueprint of another loaded copy of oauth-dance (a duplicate install): its routes and clients would
 * silently not match this copy's, so it is refused where it is mounted.
 */
export function isBlueprint(value: unknown): value is Blueprint {
  if (value instanceof Blueprint) return true
  if (typeof value === 'object' && value !== null && BLUEPRINT_BRAND in value) {
    throw new DanceError(
      'config_invalid',
      'This blueprint was made by another copy of oauth-dance than this adapter: install one copy (npm ls oauth-dance).',
    )
  }
  return false
}

/**
 * Splits `dance(a, b, { options })` arguments into blueprints and the options object. Anything else
 * (a second options object, a class instance, a function) is `config_invalid`, never read as options.
 */
export function splitArgs<O extends object>(
  args: ReadonlyArray<Blueprint | O>,
): { blueprints: Blueprint[]; options: Partial<O> } {
  const blueprints: Blueprint[] = []
  const rest: unknown[] = []
  for (const arg of args) {
    if (isBlueprint(arg)) blueprints.push(arg)
    else rest.push(arg)
  }
  const plain = (value: unknown) =>
    typeof value === 'object' &&
    value !== null &&
    [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null)
  if (rest.length > 1 || !rest.every(plain)) {
    throw new DanceError(
      'config_invalid',
      'dance() takes blueprints and at most one options object (a plain object) after them.',
    )
  }
  return { blueprints, options: (rest[0] ?? {}) as Partial<O> }
}

/**
 * Indexes blueprints. Throws `duplicate_blueprint` when two share a name or a route, since the
 * scoped clients find blueprints by name and a shared callback would defeat the mix-up defence.
 */
export function indexBlueprints(blueprints: readonly Blueprint[]): BlueprintIndex {
  const byName = new Map<string, Blueprint>()
  const routes = new Map<string, Blueprint>()
  for (const blueprint of blueprints) {
    if (byName.has(blueprint.name)) {
      throw new DanceError(
        'duplicate_blueprint',
        `Two blueprints are named "${blueprint.name}". Give the second one its own name (e.g. { name: '${blueprint.name}-2' }).`,
        { provider: blueprint.name },
      )
    }
    byName.set(blueprint.name, blueprint)
    for (const path of [blueprint.loginPath, blueprint.authorizedPath]) {
      if (routes.has(path))
        throw new DanceError('duplicate_blueprint', `Two blueprints use the route ${path}.`, {
          provider: blueprint.name,
        })
      routes.set(path, blueprint)
    }
  }
  return { byName, routes }
}

/** Flattens a body a framework's form parser already produced back into a form-encoded string. */
export function formBodyString(parsed: unknown): string | undefined {
  if (typeof parsed === 'string') return parsed
  if (Buffer.isBuffer(parsed)) return parsed.toString('utf8')
  if (!parsed || typeof parsed !== 'object') return undefined
  return new URLSearchParams(
    Object.entries(parsed as Record<string, unknown>).flatMap(([k, v]) =>
      Array.isArray(v) ? v.map((x) => [k, String(x)]) : [[k, String(v)]],
    ),
  ).toString()
}

/** What the web bridge needs of a Node framework's request (Express and Fastify both have it). */
export interface NodeRequestParts {
  /** `http` or `https`, as the framework decided it (honouring its own proxy trust setting). */
  readonly protocol: string
  /** The host, as the framework decided it. */
  readonly host: string
  /** Path and query as received. */
  readonly path: string
  readonly method: string
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
}

/**
 * The standard Request of a Node framework's request. A body the framework has not read is passed as
 * a capped stream: reading it past the cap fails inside the callback route, like any bad callback.
 */
export function webRequest(
  parts: NodeRequestParts,
  body: string | ReadableStream<Uint8Array> | undefined,
): Request {
  // A plain record: Request validates it once (building Headers first made it validate twice).
  const headers: Record<string, string> = {}
  for (const name in parts.headers) {
    const value = parts.headers[name]
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  const init: RequestInit = {
    method: parts.method,
    headers,
    ...(body !== undefined && { body }),
    // A stream body needs this (Node's fetch); it is ignored for a string.
    ...(typeof body === 'object' && ({ duplex: 'half' } as RequestInit)),
  }
  return buildRequest(`${parts.protocol}://${parts.host}${parts.path}`, parts.protocol, parts.path, init)
}

/**
 * A {@link RequestView} of a Node framework's request: the URL a standard Request would have (the same
 * parser, the same `host.invalid` fallback for a Host that makes no URL) and its headers as
 * `Headers.get` reads them, without building the Request (its constructor copies and validates every
 * header, and makes an AbortSignal, on every login and callback).
 */
export class NodeRequestView implements RequestView {
  readonly url: string
  readonly parsedUrl: URL
  readonly method: string
  readonly #headers: NodeRequestParts['headers']

  constructor(parts: NodeRequestParts) {
    this.parsedUrl = requestUrl(parts.protocol, parts.host, parts.path)
    this.url = this.parsedUrl.href
    this.method = parts.method
    this.#headers = parts.headers
  }

  /** Itself: `view.headers.get(name)` reads the Node request's headers. */
  get headers(): { get(name: string): string | null } {
    return this
  }

  /** A header as `Headers.get` gives it: repeated values joined by `, `, null when absent. */
  get(name: string): string | null {
    const value = this.#headers[name.toLowerCase()]
    if (value === undefined) return null
    return Array.isArray(value) ? value.join(', ') : value
  }
}

/** The URL of a Node request, with the `host.invalid` fallback of {@link buildRequest}. */
function requestUrl(protocol: string, host: string, path: string): URL {
  try {
    return new URL(`${protocol}://${host}${path}`)
  } catch (error) {
    const fallback = `${protocol}://host.invalid${path.startsWith('/') ? path : '/'}`
    if (!URL.canParse(fallback)) throw error
    return new URL(fallback)
  }
}

/**
 * The standard Request of a Node request. A Host header that makes no URL (`a b`, `[::1`: a client's
 * own malformed request) becomes the reserved `host.invalid`, so the request still gets a 4xx from our
 * routes (no public origin allows it) instead of a TypeError's 500.
 * @see [RFC 6761 - Special-Use Domain Names](https://www.rfc-editor.org/rfc/rfc6761.html#section-6.4)
 */
export function buildRequest(url: string, protocol: string, path: string, init: RequestInit): Request {
  try {
    return new Request(url, init)
  } catch (error) {
    const fallback = `${protocol}://host.invalid${path.startsWith('/') ? path : '/'}`
    if (!URL.canParse(fallback)) throw error
    return new Request(fallback, init)
  }
}

/**
 * The error of a posted callback to `provider`'s route larger than the adapter's `maxCallbackBodyBytes`;
 * its route reports it.
 */
export function callbackTooLarge(provider: string): () => DanceError {
  return () => new DanceError('callback_invalid', 'The posted callback body is too large.', { provider })
}
