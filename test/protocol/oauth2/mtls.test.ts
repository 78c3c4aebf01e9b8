/**
 * Mutual TLS (RFC 8705) against oidc-provider served over https by a throwaway CA, asking for client
 * certificates: `tls_client_auth` with `clientCertificate`, certificate-bound tokens used through the
 * request-scoped client, refreshed and used again; the same token refused without the certificate; a
 * login without a certificate refused with a typed error and nothing stored; an unreadable certificate
 * refused at start-up.
 */

import { createHash, X509Certificate } from 'node:crypto'
import type { TLSSocket } from 'node:tls'
import { Agent, fetch as undiciFetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../../src/adapters/express.js'
import {
  makeOidcBlueprint,
  type OidcBlueprint,
  type OidcBlueprintOptions,
} from '../../../src/consumer/oidc-blueprint.js'
import { isDanceError } from '../../../src/errors.js'
import { MemoryStorage } from '../../../src/storage/memory.js'
import { startExpressApp, type TestApp } from '../../support/express-app.js'
import { HttpBrowser } from '../../support/http-browser.js'
import { type OidcProviderHandle, startOidcProvider } from '../../support/oidc-provider.js'
import { makeTestAuthority, type TestAuthority } from '../../support/tls-ca.js'

let app: TestApp
let op: OidcProviderHandle
let authority: TestAuthority
/** A fetch that trusts the test CA and presents no certificate (the browser, an attacker). */
let trusting: typeof fetch
const storages = new Map<string, MemoryStorage>()
const blueprints = new Map<string, OidcBlueprint>()

function mount(options: OidcBlueprintOptions): void {
  const storage = new MemoryStorage({ singleUser: true })
  const blueprint = makeOidcBlueprint({ ...options, storage })
  storages.set(options.name, storage)
  blueprints.set(options.name, blueprint)
  app.app.use(dance(blueprint))
  app.app.get(`/api/${options.name}`, async (_req, res) => {
    try {
      res.json(await (await blueprint.client.get('/me')).json())
    } catch (error) {
      if (!isDanceError(error)) throw error
      res.status(error.status).send(error.code)
    }
  })
}

beforeAll(async () => {
  authority = makeTestAuthority('mtls-client')
  const agent = new Agent({ connect: { ca: authority.ca } })
  trusting = ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(
      input as never,
      { ...(init as object), dispatcher: agent } as never,
    )) as unknown as typeof fetch
  app = await startExpressApp()
  const peer = (ctx: { socket: unknown }) => (ctx.socket as TLSSocket).getPeerX509Certificate()
  op = await startOidcProvider({
    tls: { ...authority.server, ca: authority.ca },
    clients: [
      {
        client_id: 'mtls',
        token_endpoint_auth_method: 'tls_client_auth',
        tls_client_auth_subject_dn: 'CN=mtls-client',
        tls_client_certificate_bound_access_tokens: true,
        redirect_uris: [`${app.origin}/login/mtls/authorized`, `${app.origin}/login/nocert/authorized`],
        grant_types: ['authorization_code', 'refresh_token'],
      },
    ],
    configuration: {
      clientAuthMethods: ['client_secret_basic', 'tls_client_auth'],
      features: {
        devInteractions: { enabled: true },
        userinfo: { enabled: true },
        mTLS: {
          enabled: true,
          certificateBoundAccessTokens: true,
          tlsClientAuth: true,
          getCertificate: (ctx) => peer(ctx),
          certificateAuthorized: (ctx) => (ctx.socket as TLSSocket).authorized,
          certificateSubjectMatches: (ctx, property, expected) =>
            property === 'tls_client_auth_subject_dn' && peer(ctx)?.subject === expected,
        },
      },
    },
  })
  const common = {
    issuer: op.issuer,
    clientId: 'mtls',
    clientAuth: 'tls_client_auth' as const,
    scope: ['openid', 'profile', 'offline_access'],
    authorizationParams: { prompt: 'consent' },
    baseUrl: op.issuer,
    env: {},
  }
  mount({ ...common, name: 'mtls', clientCertificate: { ...authority.client, ca: authority.ca } })
  // The same client, but connections that present no certificate.
  mount({ ...common, name: 'nocert', fetch: trusting })
})

afterAll(async () => {
  await app?.close()
  await op?.close()
})

const thumbprint = (pem: string) =>
  createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url')

describe('mutual TLS against oidc-provider', () => {
  it('authenticates with the certificate; its bound tokens work through the client, refreshed too', async () => {
    const browser = new HttpBrowser(trusting)
    const callback = await browser.loginWithOidcProvider(`${app.origin}/login/mtls`, 'alice', app.origin)
    expect(callback.status).toBe(302)
    const storage = storages.get('mtls')!
    const first = storage.get({ provider: 'mtls' })!
    const stored = await op.provider.AccessToken.find(first.access_token!)
    expect(stored?.['x5t#S256']).toBe(thumbprint(authority.client.cert))

    const before = await browser.fetch(`${app.origin}/api/mtls`)
    expect(await before.json()).toMatchObject({ sub: 'alice' })
    storage.set({ provider: 'mtls' }, { ...first, expires_at: Math.floor(Date.now() / 1000) - 10 })
    const after = await browser.fetch(`${app.origin}/api/mtls`)
    expect(await after.json()).toMatchObject({ sub: 'alice' })
    const refreshed = storage.get({ provider: 'mtls' })!
    expect(refreshed.access_token).not.toBe(first.access_token)
    expect((await op.provider.AccessToken.find(refreshed.access_token!))?.['x5t#S256']).toBe(
      thumbprint(authority.client.cert),
    )

    // Without the certificate, the token alone is refused.
    const stolen = await trusting(`${op.issuer}/me`, {
      headers: { authorization: `Bearer ${refreshed.access_token}` },
    })
    expect(stolen.status).toBe(401)
  })

  it('a login whose connections present no certificate fails with token_rejected, nothing stored', async () => {
    const browser = new HttpBrowser(trusting)
    const callback = await browser.loginWithOidcProvider(`${app.origin}/login/nocert`, 'bob', app.origin)
    expect(callback.status).toBe(401)
    expect(await callback.text()).toContain('token_rejected')
    expect(storages.get('nocert')!.size).toBe(0)
  })

  it('refuses a certificate or key that is not PEM at start-up', () => {
    const make = (cert: string, key: string) => () =>
      makeOidcBlueprint({
        name: 'badcert',
        issuer: 'https://op.example',
        clientId: 'x',
        clientAuth: 'tls_client_auth',
        clientCertificate: { cert, key },
        env: {},
      })
    expect(make('not a certificate', authority.client.key)).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    )
    expect(make(authority.client.cert, 'not a key')).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    )
    expect(make(authority.client.cert, authority.client.key)).not.toThrow()
  })

  it("lets profile 'fapi2' bind tokens and authenticate by the certificate instead of DPoP and a key", () => {
    const fapi = (extra: Partial<OidcBlueprintOptions>) => () =>
      makeOidcBlueprint({
        name: 'fapimtls',
        issuer: 'https://op.example',
        clientId: 'x',
        profile: 'fapi2',
        clientAuth: 'tls_client_auth',
        dpop: false,
        env: {},
        ...extra,
      })
    expect(fapi({ clientCertificate: authority.client })).not.toThrow()
    expect(fapi({})).toThrow(expect.objectContaining({ code: 'config_invalid' }))
  })
})
