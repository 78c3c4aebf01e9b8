/**
 * The request-scoped API client: `github.get('/user')` anywhere during a request, with the current
 * user's token, the provider's base URL and automatic refresh. It holds no token itself; every call
 * looks up the current request scope, so concurrent requests never see each other's tokens.
 */
import { type RequestScope, requireScope } from '../context.js'
import { DanceError } from '../errors.js'
import type { IdTokenClaims } from '../protocol/oidc/id-token.js'
import type { OutgoingRequest } from '../protocol/protocol.js'
import { isExpiring, type Token } from '../token.js'

/** `fetch` options plus conveniences for JSON, form bodies and query parameters. */
export interface ApiRequestInit extends Omit<RequestInit, 'method'> {
  /** Sent as a JSON body with `Content-Type: application/json`. */
  json?: unknown
  /** Sent as an `application/x-www-form-urlencoded` body (OAuth 1 signs these parameters). */
  form?: Readonly<Record<string, string>> | URLSearchParams
  /** Appended to the URL's query. */
  query?: Readonly<Record<string, string | number | boolean | undefined>>
}

/**
 * What a logout did at the provider; the local token is deleted in every case.
 */
export type LogoutResult =
  | { revoked: true }
  | { revoked: false; reason: 'no_token' | 'unsupported' }
  | { revoked: false; reason: 'failed'; error: DanceError }

/** What the client needs of the blueprint it talks to: the current request's tokens, and sending. */
export interface ClientTarget {
  /** The blueprint name, for errors. */
  readonly name: string
  /** The stored token of the request's user (and account), read at most once per request. */
  storedToken(scope: RequestScope, accountId?: string): Promise<Token | undefined>
  /** A token fit to use now, refreshed first when due. */
  validToken(scope: RequestScope, accountId?: string): Promise<Token | undefined>
  /** True when this token can be refreshed. */
  canRefresh(token: Token): boolean
  /** Stores a token for the request's user (or the given one). */
  saveToken(scope: RequestScope, token: Token, who?: { userId?: string; accountId?: string }): Promise<void>
  /** Deletes the request's user's token locally. */
  deleteToken(scope: RequestScope, accountId?: string): Promise<void>
  /** Deletes the token locally, then revokes it at the provider. */
  revokeAndDelete(scope: RequestScope, accountId?: string): Promise<LogoutResult>
  /** The claims of the stored, validated ID token, if the protocol has ID tokens. */
  storedClaims(scope: RequestScope, accountId?: string): Promise<IdTokenClaims | undefined>
  /** Resolves an API path against the provider's API base URL; refuses other origins. */
  resolveApiUrl(path: string | URL): URL
  /** Authorizes and sends a request, refreshing and retrying once on an `invalid_token` 401. */
  send(
    scope: RequestScope,
    request: OutgoingRequest,
    token: Token,
    init: ApiRequestInit,
    accountId?: string,
  ): Promise<Response>
}

/** Finds the blueprint a client talks to, in the current request scope. */
export type TargetLocator<T extends ClientTarget> = (scope: RequestScope) => T

/**
 * A client for one provider. Obtain one from a preset module (`github`), a blueprint (`blueprint.client`)
 * or {@link scopedClient}. Every method must run inside a request.
 */
export class ApiClient<T extends ClientTarget = ClientTarget> {
  readonly #locate: TargetLocator<T>
  readonly #account: string | undefined
  readonly #label: string
  /** What `outside_request` names; built once, not on every call. */
  readonly #what: string

  constructor(label: string, locate: TargetLocator<T>, account?: string) {
    this.#label = label
    this.#what = `The ${label} client`
    this.#locate = locate
    this.#account = account
  }

  #bind(): { scope: RequestScope; blueprint: T } {
    const scope = requireScope(this.#what)
    return { scope, blueprint: this.#locate(scope) }
  }

  /** The same client, reading and writing the token of one linked provider account. */
  account(accountId: string): ApiClient<T> {
    return new ApiClient<T>(this.#label, this.#locate, accountId)
  }

  /** True when there is a token that is unexpired or can be refreshed. */
  async authorized(): Promise<boolean> {
    const { scope, blueprint } = this.#bind()
    const token = await blueprint.storedToken(scope, this.#account)
    if (!token) return false
    return !isExpiring(token) || blueprint.canRefresh(token)
  }

  /** The stored token, or undefined. */
  async token(): Promise<Token | undefined> {
    const { scope, blueprint } = this.#bind()
    return blueprint.storedToken(scope, this.#account)
  }

  /** Stores a token for the current user (and this client's account). */
  async setToken(token: Token): Promise<void> {
    const { scope, blueprint } = this.#bind()
    await blueprint.saveToken(scope, token, this.#account === undefined ? {} : { accountId: this.#account })
  }

  /** Deletes the current user's token locally. */
  async deleteToken(): Promise<void> {
    const { scope, blueprint } = this.#bind()
    await blueprint.deleteToken(scope, this.#account)
  }

  /**
   * Logs out of the provider: deletes the local token, then revokes it at the provider (RFC 7009) when
   * the provider supports it. The local token is gone even when revocation fails; the result says so.
   */
  async revoke(): Promise<LogoutResult> {
    const { scope, blueprint } = this.#bind()
    return blueprint.revokeAndDelete(scope, this.#account)
  }

  /**
   * The claims of the stored OpenID Connect ID token (validated when it was received), or undefined
   * without one or when the blueprint is not an OpenID Connect one.
   */
  async claims(): Promise<IdTokenClaims | undefined> {
    const { scope, blueprint } = this.#bind()
    return blueprint.storedClaims(scope, this.#account)
  }

  /**
   * The blueprint this client talks to in the current request (for its login path, say).
   */
  blueprint(): T {
    return this.#bind().blueprint
  }

  /**
   * The linked provider account this client reads and writes, if any.
   */
  get accountId(): string | undefined {
    return this.#account
  }

  /** `GET path`. */
  get(path: string | URL, init?: ApiRequestInit): Promise<Response> {
    return this.request('GET', path, init)
  }
  /** `POST path`. */
  post(path: string | URL, init?: ApiRequestInit): Promise<Response> {
    return this.request('POST', path, init)
  }
  /** `PUT path`. */
  put(path: string | URL, init?: ApiRequestInit): Promise<Response> {
    return this.request('PUT', path, init)
  }
  /** `PATCH path`. */
  patch(path: string | URL, init?: ApiRequestInit): Promise<Response> {
    return this.request('PATCH', path, init)
  }
  /** `DELETE path`. */
  delete(path: string | URL, init?: ApiRequestInit): Promise<Response> {
    return this.request('DELETE', path, init)
  }

  /**
   * Sends an authorized request to the provider's API and returns the raw Response.
   * Throws `reauth_required` when there is no usable token.
   */
  async request(method: string, path: string | URL, init: ApiRequestInit = {}): Promise<Response> {
    // Not through #bind: no { scope, blueprint } object on the hot path.
    const scope = requireScope(this.#what)
    const blueprint = this.#locate(scope)
    const token = await blueprint.validToken(scope, this.#account)
    if (!token) {
      throw new DanceError('reauth_required', `No ${blueprint.name} token for this request: log in first.`, {
        provider: blueprint.name,
      })
    }
    return blueprint.send(scope, buildRequest(blueprint, method, path, init), token, init, this.#account)
  }
}

/** Builds the outgoing request from the conveniences; the blueprint then authorizes and sends it. */
function buildRequest(
  blueprint: ClientTarget,
  method: string,
  path: string | URL,
  init: ApiRequestInit,
): OutgoingRequest {
  const url = blueprint.resolveApiUrl(path)
  // Most calls have no query: skip the entries array (and `searchParams`, which URL builds lazily).
  if (init.query !== undefined) {
    for (const [name, value] of Object.entries(init.query)) {
      if (value !== undefined) url.searchParams.append(name, String(value))
    }
  }
  // A Headers of our own in every case: the blueprint adds the token to it.
  const headers = init.headers === undefined ? new Headers() : new Headers(init.headers)
  let body: BodyInit | null | undefined = init.body
  if (init.json !== undefined) {
    body = JSON.stringify(init.json)
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  } else if (init.form !== undefined) {
    body = new URLSearchParams(init.form as Record<string, string>).toString()
    headers.set('content-type', 'application/x-www-form-urlencoded')
  }
  return { method: method.toUpperCase(), url, headers, body }
}
