/**
 * A real OpenID Provider (`oidc-provider`, certified) on 127.0.0.1 for tests and the demo, with its
 * development login and consent pages. Each call starts a fresh provider on a free port.
 */
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import Provider, { type ClientMetadata, type Configuration } from 'oidc-provider'
import type { OAuth2BlueprintOptions } from '../../src/consumer/oauth2-blueprint.js'

/** Options of {@link startOidcProvider}. */
export interface OidcProviderOptions {
  /** Clients to register. */
  clients: ClientMetadata[]
  /** Rotate refresh tokens on use (with reuse detection), as most providers now do. */
  rotateRefreshToken?: boolean
  /** Access token lifetime in seconds (default 3600). */
  accessTokenTtl?: number
  /** Issue refresh tokens to every client that asks for `offline_access` (default true). */
  refreshTokens?: boolean
  /** Extra configuration merged over ours. */
  configuration?: Partial<Configuration>
  /** Port to listen on (default: any free port). */
  port?: number
  /**
   * Serve over https with this certificate, asking each client for its certificate (signed by `ca`,
   * not required): for mutual TLS (RFC 8705). The issuer is then `https://127.0.0.1:<port>`.
   */
  tls?: { key: string; cert: string; ca: string }
}

/** A running provider. */
export interface OidcProviderHandle {
  issuer: string
  provider: Provider
  server: Server
  close(): Promise<void>
}

/** Claims of every test account: `sub` is the login typed on the login page. */
export function accountClaims(sub: string) {
  return {
    sub,
    name: `User ${sub}`,
    preferred_username: sub,
    email: `${sub}@example.test`,
    email_verified: true,
  }
}

/** Starts oidc-provider on 127.0.0.1. */
export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcProviderHandle> {
  const tls = options.tls
  const server: Server = tls
    ? createHttpsServer({ ...tls, requestCert: true, rejectUnauthorized: false })
    : createServer()
  server.listen(options.port ?? 0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  const issuer = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`
  const configuration: Configuration = {
    clients: options.clients,
    cookies: { keys: ['test-cookie-key-one', 'test-cookie-key-two'] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => accountClaims(id) }),
    rotateRefreshToken: options.rotateRefreshToken ?? true,
    // Unlike oidc-provider's default (offline_access + consent), every client allowed the grant gets one.
    issueRefreshToken: async (_ctx, client) =>
      (options.refreshTokens ?? true) && client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: options.accessTokenTtl ?? 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 86400,
      Grant: 86400,
      Interaction: 600,
      Session: 86400,
    },
    ...options.configuration,
  }
  const provider = new Provider(issuer, configuration)
  server.on('request', provider.callback())
  return {
    issuer,
    provider,
    server,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/**
 * Options of a generic OAuth 2 blueprint for the client `app` / `app-secret` registered at `op`: the
 * endpoints, its issuer (with the RFC 9207 `iss` check) and http allowed because it is loopback.
 * `overrides` win, so a test states only what it is about.
 */
export function localBlueprintOptions(
  op: OidcProviderHandle,
  overrides: Partial<OAuth2BlueprintOptions> = {},
): OAuth2BlueprintOptions {
  return {
    name: 'local',
    clientId: 'app',
    clientSecret: 'app-secret',
    scope: ['openid', 'profile'],
    authorizationUrl: `${op.issuer}/auth`,
    authorizationParams: { prompt: 'consent' },
    tokenUrl: `${op.issuer}/token`,
    baseUrl: op.issuer,
    issuer: op.issuer,
    issuerParameterSupported: true,
    allowInsecureRequests: true,
    ...overrides,
  }
}
