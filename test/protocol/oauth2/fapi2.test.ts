/**
 * The `profile: 'fapi2'` switch against oidc-provider's FAPI 2.0 profile (PAR required, DPoP with
 * nonces, private_key_jwt, `iss` in the callback): a login, an API call and a refresh with nothing
 * but the switch and a key configured; a callback without `iss` refused; and every configuration that
 * cannot meet the profile refused at start-up with `config_invalid`.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeOAuth2Blueprint } from '../../../src/consumer/oauth2-blueprint.js'
import { makeOidcBlueprint, type OidcBlueprintOptions } from '../../../src/consumer/oidc-blueprint.js'
import { isDanceError } from '../../../src/errors.js'
import { decodeJwt } from '../../../src/jwt.js'
import { startExpressApp, type TestApp } from '../../support/express-app.js'
import { HttpBrowser } from '../../support/http-browser.js'
import { callbackUrlFromOidcProvider } from '../../support/oidc-login.js'
import { type OidcProviderHandle, startOidcProvider } from '../../support/oidc-provider.js'
import { ModernApp } from './modern-dance.js'

let app: TestApp
let op: OidcProviderHandle
let modern: ModernApp
const client = generateKeyPairSync('rsa', { modulusLength: 2048 })
const signing = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const pem = client.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
const redirect = (name: string) => `${app.origin}/login/${name}/authorized`

/** The options of a FAPI 2.0 blueprint for the registered client, changed by `overrides`. */
function fapiOptions(name: string, overrides: Partial<OidcBlueprintOptions> = {}): OidcBlueprintOptions {
  return {
    name,
    issuer: op.issuer,
    clientId: 'fapi',
    profile: 'fapi2',
    clientPrivateKey: { key: pem, kid: 'fapi-key' },
    scope: ['openid', 'profile', 'offline_access'],
    authorizationParams: { prompt: 'consent' },
    baseUrl: op.issuer,
    allowInsecureRequests: true,
    env: {},
    ...overrides,
  }
}

beforeAll(async () => {
  app = await startExpressApp()
  modern = new ModernApp(app)
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'fapi',
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'PS256',
        jwks: { keys: [{ ...client.publicKey.export({ format: 'jwk' }), kid: 'fapi-key', use: 'sig' }] },
        dpop_bound_access_tokens: true,
        id_token_signed_response_alg: 'ES256',
        redirect_uris: [redirect('fapi'), redirect('noiss'), redirect('bearer')],
        grant_types: ['authorization_code', 'refresh_token'],
      },
    ],
    configuration: {
      jwks: {
        keys: [
          { ...signing.privateKey.export({ format: 'jwk' }), kid: 'op-es256', alg: 'ES256', use: 'sig' },
        ],
      },
      features: {
        fapi: { enabled: true, profile: '2.0' },
        pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true },
        dPoP: { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true },
        devInteractions: { enabled: true },
        userinfo: { enabled: true },
      },
    },
  })
  modern.mount(makeOidcBlueprint({ ...fapiOptions('fapi'), fetch: modern.recordingFetch('fapi') }))
  modern.mount(
    makeOidcBlueprint({
      ...fapiOptions('bearer'),
      fetch: modern.recordingFetch('bearer'),
    }),
  )
  modern.mount(makeOidcBlueprint({ ...fapiOptions('noiss'), fetch: modern.recordingFetch('noiss') }))
})

afterAll(async () => {
  await app?.close()
  await op?.close()
})

describe("profile 'fapi2' against oidc-provider's FAPI 2.0 profile", () => {
  it('logs in, calls the API and refreshes with PAR, PKCE S256, private_key_jwt (PS256) and DPoP', async () => {
    const start = await new HttpBrowser().fetch(`${app.origin}/login/fapi`)
    const url = new URL(start.headers.get('location')!)
    expect([...url.searchParams.keys()]).toEqual(['client_id', 'request_uri'])

    const { first, refreshed } = await modern.danceAndRefresh('fapi', 'alice')
    expect(first.token_type).toBe('dpop')
    expect(refreshed.token_type).toBe('dpop')
    const [pushed] = modern.sentTo('fapi', '/request')
    expect(pushed!.body.get('code_challenge_method')).toBe('S256')
    expect(pushed!.body.has('client_secret')).toBe(false)
    for (const request of [...modern.sentTo('fapi', '/request'), ...modern.sentTo('fapi', '/token')]) {
      const assertion = decodeJwt(request.body.get('client_assertion')!)!
      expect(assertion.header).toMatchObject({ alg: 'PS256', kid: 'fapi-key' })
      expect(request.headers.get('authorization')).toBeNull()
    }
    for (const request of modern.sentTo('fapi', '/token')) expect(request.headers.get('dpop')).toBeTruthy()
  })

  it('refuses a callback without `iss`, even from a provider that does not promise it, nothing stored', async () => {
    // The discovery document no longer promises `iss`: the profile alone requires it.
    modern.intercept.set('noiss', async (url, init, send) => {
      const response = await send(url, init)
      if (url.pathname !== '/.well-known/openid-configuration') return response
      const metadata = (await response.json()) as Record<string, unknown>
      delete metadata.authorization_response_iss_parameter_supported
      return Response.json(metadata)
    })
    const browser = new HttpBrowser()
    const callback = await callbackUrlFromOidcProvider(
      browser,
      `${app.origin}/login/noiss`,
      'bob',
      app.origin,
    )
    expect(callback.searchParams.get('iss')).toBe(op.issuer)
    callback.searchParams.delete('iss')
    const response = await browser.fetch(callback)
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('issuer_missing')
    expect(modern.storages.get('noiss')!.size).toBe(0)
    expect(modern.sentTo('noiss', '/token')).toHaveLength(0)
  })
})

describe("profile 'fapi2' against a token endpoint that answers with a bearer token", () => {
  it('fails the login with provider_response_invalid, nothing stored', async () => {
    // The token endpoint's answer says Bearer, as from a provider that ignored the DPoP proof.
    modern.intercept.set('bearer', async (url, init, send) => {
      const response = await send(url, init)
      if (url.pathname !== '/token' || response.status !== 200) return response
      const body = (await response.json()) as Record<string, unknown>
      return Response.json({ ...body, token_type: 'Bearer' }, { headers: { 'cache-control': 'no-store' } })
    })
    const callback = await new HttpBrowser().loginWithOidcProvider(
      `${app.origin}/login/bearer`,
      'carol',
      app.origin,
    )
    const text = await callback.text()
    expect(text).toContain('provider_response_invalid')
    expect(callback.status).toBe(502)
    expect(modern.storages.get('bearer')!.size).toBe(0)
  })
})

describe("profile 'fapi2' refuses what cannot meet it", () => {
  const code = (overrides: Partial<OidcBlueprintOptions>) => {
    try {
      makeOidcBlueprint(fapiOptions('strict', overrides))
      return 'accepted'
    } catch (error) {
      return isDanceError(error) ? error.code : 'not a DanceError'
    }
  }

  it('accepts the configuration it needs', () => {
    expect(code({})).toBe('accepted')
  })

  it.each([
    ['PAR turned off', { pushedAuthorizationRequests: false }],
    ['PKCE turned off', { pkce: false }],
    ['DPoP turned off', { dpop: false }],
    ['a client secret method', { clientAuth: 'client_secret_basic' as const, clientSecret: 's' }],
    ['a client secret next to the key', { clientSecret: 's' }],
    ['a secret factory', { clientSecretFactory: () => 's' }],
    ['an RS256 assertion', { clientPrivateKey: { key: pem, alg: 'RS256' as const } }],
  ])('refuses %s with config_invalid', (_label, overrides) => {
    expect(code(overrides)).toBe('config_invalid')
  })

  it('refuses an OAuth 2 blueprint without an issuer (no `iss` check possible)', () => {
    const make = () =>
      makeOAuth2Blueprint({
        name: 'noissuer',
        clientId: 'x',
        authorizationUrl: 'https://op.example/auth',
        tokenUrl: 'https://op.example/token',
        pushedAuthorizationRequestUrl: 'https://op.example/par',
        profile: 'fapi2',
        clientPrivateKey: pem,
        env: {},
      })
    expect(make).toThrow(expect.objectContaining({ code: 'config_invalid' }))
  })
})
