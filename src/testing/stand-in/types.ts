import type { KeyObject } from 'node:crypto'

/**
 * The public face of a provider stand-in: what it is started with, the knobs a test turns, and what it
 * reports back.
 */

/** A test user the stand-in can log in as. Every field but `login` has a plausible default. */
export interface StandInUser {
  /** The name a test logs in with (`alice`); also the subject unless `sub` is given. */
  readonly login: string
  /** Stable subject identifier (default derived from `login`). */
  readonly sub?: string
  /** Display name (default `Alice` for `alice`). */
  readonly name?: string
  /** Email address (default `<login>@example.test`). */
  readonly email?: string
  /** Extra claims for ID tokens and UserInfo, and extra members of the profile API answers. */
  readonly claims?: Readonly<Record<string, unknown>>
}

/**
 * How the stand-in behaves; change it at any time with {@link StandIn.behave}. Each knob is one failure
 * an app must handle.
 */
export interface StandInBehaviour {
  /** The user refuses on the authorization page: the callback carries `error=access_denied`. */
  deny?: boolean
  /** Seconds an access token lives (default 3600). `0` issues tokens that are already expired. */
  tokenLifetime?: number
  /** Answer refresh requests with `invalid_grant` (the user revoked the app, the grant expired). */
  refuseRefresh?: boolean
  /** Issue a new refresh token on every refresh and refuse the old one (default true). */
  rotateRefreshTokens?: boolean
  /** Answer the code exchange with this OAuth error (`invalid_grant`, `invalid_client`…). */
  tokenError?: string
  /** Answer API calls with this HTTP status (401 as for a revoked token, 429, 500…). */
  apiStatus?: number
  /** The provider is down: every connection is closed without an answer. */
  down?: boolean
  /** Wait this long before each answer (a slow provider; test your timeouts). */
  latencyMs?: number
}

/** What the stand-in did, one entry per request it answered (for assertions). */
export interface StandInEvent {
  readonly kind:
    | 'authorize'
    | 'token'
    | 'refresh'
    | 'revoke'
    | 'userinfo'
    | 'api'
    | 'discovery'
    | 'jwks'
    | 'request_token'
    | 'access_token'
  readonly method: string
  /** The path asked for (for API calls: the provider's own API path, `/user`). */
  readonly path: string
  readonly status: number
  /** The test user the request acted for, when known. */
  readonly user?: string
  /** Why the request was refused, when it was. */
  readonly problem?: string
}

/** What an API route handler is given. */
export interface StandInApiRequest {
  readonly method: string
  /** The provider's own API path (`/user/repos`), with the query in `url`. */
  readonly path: string
  readonly url: URL
  /** The user whose token the call carried. */
  readonly user: Required<Omit<StandInUser, 'claims'>> & {
    readonly claims: Readonly<Record<string, unknown>>
  }
  readonly headers: Headers
  readonly body: string
}

/** An API route's answer: a JSON value (status 200), or a full `Response`. */
export type StandInApiAnswer = Response | unknown

/** An API route the app (or the stand-in itself) adds. */
export type StandInApiRoute = (request: StandInApiRequest) => StandInApiAnswer | Promise<StandInApiAnswer>

/** Options of `startStandIn`. */
export interface StandInOptions {
  /** Blueprint name the app gives this provider (default: the preset id, or the protocol's name). */
  name?: string
  /** Client id (OAuth 1.0a: consumer key) the stand-in accepts (default `<name>-test-client`). */
  clientId?: string
  /** Client secret (OAuth 1.0a: consumer secret) the stand-in accepts (default `<name>-test-secret`). */
  clientSecret?: string
  /** Users known in advance; any other login name is accepted and gets default fields. */
  users?: readonly StandInUser[]
  /** API routes, keyed `'GET /user/repos'` (the provider's own API path). */
  routes?: Readonly<Record<string, StandInApiRoute>>
  /** The initial behaviour (default: everything works). */
  behaviour?: StandInBehaviour
  /**
   * Sign in with Apple: the key that checks the client secret JWT the app signs (the public key, or
   * the private key PEM the app itself is given, from which the public one is taken).
   */
  clientSecretKey?: string | KeyObject
  /** OAuth 1.0a RSA-SHA1 presets (Jira): the consumer's public key, PEM. */
  rsaPublicKey?: string
  /**
   * Serve https with this key and certificate (PEM) instead of plain http, to test a private CA
   * (`tls: { ca }` on the blueprint). The certificate must name IP 127.0.0.1.
   */
  tls?: { readonly key: string; readonly cert: string }
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number
}
