/**
 * The demo's own OpenID Provider: a real, certified `oidc-provider` on 127.0.0.1 with its development
 * login and consent pages (any login name, any password) and one confidential demo client.
 *
 * It exists so `npm run demo` works without registering an app anywhere. Never use these settings for
 * a real provider: the dev pages accept every password.
 *
 * @see https://github.com/panva/node-oidc-provider/blob/v8.x/docs/README.md#featuresdevinteractions
 */
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

/** The demo client's credentials (public knowledge: the provider only runs on loopback). */
export const DEMO_CLIENT = { clientId: 'oauth-dance-demo', clientSecret: 'demo-secret-not-for-production' }

/** Options of {@link startDemoProvider}. */
export interface DemoProviderOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number
  /** Callback URLs the demo client may use (exact match, RFC 9700 §4.1.3). */
  redirectUris: readonly string[]
}

/** A running demo provider. */
export interface DemoProvider {
  /** The issuer identifier, which is also the provider's base URL (`http://127.0.0.1:3001`). */
  issuer: string
  close(): Promise<void>
}

/** The display name the provider reports for a login name: `alice` → `Alice`. */
export function displayName(login: string): string {
  return login.charAt(0).toUpperCase() + login.slice(1)
}

/** Starts the provider; the dev login page accepts any login name and password. */
export async function startDemoProvider(options: DemoProviderOptions): Promise<DemoProvider> {
  const server: Server = createServer()
  server.listen(options.port, '127.0.0.1')
  await once(server, 'listening')
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: DEMO_CLIENT.clientId,
        client_secret: DEMO_CLIENT.clientSecret,
        redirect_uris: [...options.redirectUris],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    // Fresh keys each run: the provider's sessions need not survive a restart of the demo.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, userinfo: { enabled: true } },
    // Explicit lifetimes (seconds) keep oidc-provider from printing a notice for each default it uses.
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Session: 86_400,
      Grant: 86_400,
    },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, name: displayName(id), preferred_username: id }),
    }),
  })
  server.on('request', provider.callback())
  return {
    issuer,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
