/**
 * The request-scoped API client: `github.get('/user')` anywhere during a request, with the current
 * user's token, the provider's base URL and automatic refresh. It holds no token itself; every call
 * looks up the current request scope, so concurrent requests never see each other's tokens.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1 (Bearer tokens in the Authorization header)
 */

import type { Blueprint, LogoutResult, OutgoingRequest } from '../consumer/blueprint.js'
import type { RequestScope } from '../context.js'
import { requireScope } from '../context.js'
import { DanceError } from '../errors.js'
import type { IdTokenClaims } from '../protocol/id-token.js'
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

/** Finds the blueprint a client talks to, in the current request scope. */
export type BlueprintLocator = (scope: RequestScope) => Blueprint

/**
 * A client for one provider. Obtain one from a preset module (`github`), a blueprint (`blueprint.client`)
 * or {@link scopedClient}. Every method must run inside a request.
 */
export class ApiClient {
  readonly #locate: BlueprintLocator
  readonly #account: string | undefined
  readonly #label: string
  /** What `outside_request` names; built once, not on every call. */
  readonly #what: string

  constructor(label: string, locate: BlueprintLocator, account?: string) {
    this.#label = label
    this.#what = `The ${label} client`
    this.#locate = locate
    this.#account = account
  }

  #bind(): { scope: RequestScope; blueprint: Blueprint } {
    const scope = requireScope(this.#what)
    return { scope, blueprint: this.#locate(scope) }
  }

  /** The same client, reading and writing the token of one linked provider account. */
  account(accountId: string): ApiClient {
    return new ApiClient(this.#label, this.#locate, accountId)
  }

  /** True when there is a token that is unexpired or can be refreshed. */
  async authorized(): Promise<boolean> {
    const { scope, blueprint } = this.#bind()
    const token = await blueprint.loadToken(scope, await blueprint.tokenKey(scope, this.#account))
    if (!token) return false
    return !isExpiring(token) || blueprint.canRefresh(token)
  }

  /** The stored token, or undefined. */
  async token(): Promise<Token | undefined> {
    const { scope, blueprint } = this.#bind()
    return blueprint.loadToken(scope, await blueprint.tokenKey(scope, this.#account))
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
   * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
   */
  async revoke(): Promise<LogoutResult> {
    const { scope, blueprint } = this.#bind()
    return blueprint.revokeAndDelete(scope, this.#account)
  }

  /**
   * The claims of the stored OpenID Connect ID token (validated when it was received), or undefined
   * without one or when the blueprint is not an OpenID Connect one.
   * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
   */
  async claims(): Promise<IdTokenClaims | undefined> {
    const { blueprint } = this.#bind()
    // Only OpenID Connect blueprints validate ID tokens; another blueprint's `id_token` proves nothing.
    const read = (blueprint as { idTokenClaims?: unknown }).idTokenClaims
    if (typeof read !== 'function') return undefined
    return (await read.call(blueprint, this.#account)) as IdTokenClaims | undefined
  }

  /**
   * The blueprint this client talks to in the current request (for its login path, say).
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
   */
  blueprint(): Blueprint {
    return this.#bind().blueprint
  }

  /**
   * The linked provider account this client reads and writes, if any.
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.3
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
  blueprint: Blueprint,
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

/**
 * A client for the blueprint named `name` in the current app. Preset modules export one
 * (`export const github = scopedClient('github')`).
 */
export function scopedClient(name: string): ApiClient {
  return new ApiClient(name, (scope) => {
    const blueprint = scope.blueprints.get(name) as Blueprint | undefined
    if (!blueprint) {
      throw new DanceError(
        'blueprint_not_registered',
        `No blueprint named "${name}" is registered with this app's oauth-dance middleware.`,
        { provider: name },
      )
    }
    return blueprint
  })
}
