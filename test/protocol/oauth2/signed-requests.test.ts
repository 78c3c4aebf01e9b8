/**
 * Signed authorization requests (JAR, RFC 9101) against oidc-provider over HTTP with signed request
 * objects required: turned on by the discovery document, carried by the browser or pushed (PAR), and
 * through a login, a refresh and an API call. A request signed with a key the provider does not know
 * is refused (pushed: `par_rejected`, nothing stored); asking for it without a key is `config_invalid`.
 */
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeOAuth2Blueprint } from '../../../src/consumer/oauth2-blueprint.js'
import { makeOidcBlueprint, type OidcBlueprintOptions } from '../../../src/consumer/oidc-blueprint.js'
import { decodeJwt } from '../../../src/jwt.js'
import { startExpressApp, type TestApp } from '../../support/express-app.js'
import { HttpBrowser } from '../../support/http-browser.js'
import { type OidcProviderHandle, startOidcProvider } from '../../support/oidc-provider.js'
import { ModernApp } from './modern-dance.js'

let app: TestApp
let op: OidcProviderHandle
let modern: ModernApp
const key = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const names = ['jar', 'jarpar', 'stranger']
const redirect = (name: string) => `${app.origin}/login/${name}/authorized`

function options(name: string, overrides: Partial<OidcBlueprintOptions> = {}): OidcBlueprintOptions {
  return {
    name,
    issuer: op.issuer,
    clientId: 'signer',
    clientAuth: 'private_key_jwt',
    clientPrivateKey: { key: key.privateKey.export({ format: 'jwk' }), kid: 'signer-1' },
    scope: ['openid', 'profile', 'offline_access'],
    authorizationParams: { prompt: 'consent' },
    baseUrl: op.issuer,
    allowInsecureRequests: true,
    fetch: modern.recordingFetch(name),
    ...overrides,
  }
}

beforeAll(async () => {
  app = await startExpressApp()
  modern = new ModernApp(app)
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'signer',
        token_endpoint_auth_method: 'private_key_jwt',
        request_object_signing_alg: 'ES256',
        jwks: { keys: [{ ...key.publicKey.export({ format: 'jwk' }), kid: 'signer-1', use: 'sig' }] },
        redirect_uris: names.map(redirect),
        grant_types: ['authorization_code', 'refresh_token'],
      },
    ],
    configuration: {
      features: {
        devInteractions: { enabled: true },
        userinfo: { enabled: true },
        requestObjects: { request: true, requireSignedRequestObject: true },
      },
    },
  })
  modern.mount(makeOidcBlueprint(options('jar')))
  modern.mount(makeOidcBlueprint(options('jarpar', { pushedAuthorizationRequests: true })))
  modern.mount(
    makeOidcBlueprint(
      options('stranger', {
        pushedAuthorizationRequests: true,
        clientPrivateKey: { key: stranger.privateKey.export({ format: 'jwk' }), kid: 'signer-1' },
      }),
    ),
  )
})

afterAll(async () => {
  await app?.close()
  await op?.close()
})

describe('signed authorization requests (JAR) against oidc-provider', () => {
  it('signs when the discovery document requires it: the browser carries the request object', async () => {
    const start = await new HttpBrowser().fetch(`${app.origin}/login/jar`)
    const url = new URL(start.headers.get('location')!)
    expect([...url.searchParams.keys()]).toEqual(['client_id', 'response_type', 'scope', 'request'])
    const request = decodeJwt(url.searchParams.get('request')!)!
    expect(request.header).toMatchObject({ alg: 'ES256', kid: 'signer-1', typ: 'oauth-authz-req+jwt' })
    expect(request.payload).toMatchObject({
      iss: 'signer',
      aud: op.issuer,
      client_id: 'signer',
      redirect_uri: redirect('jar'),
      code_challenge_method: 'S256',
    })
    expect(request.payload.state).toBeTypeOf('string')
    expect(request.payload.nonce).toBeTypeOf('string')
    await modern.danceAndRefresh('jar', 'alice')
  })

  it('pushes the signed request with PAR: the browser carries only client_id and request_uri', async () => {
    const start = await new HttpBrowser().fetch(`${app.origin}/login/jarpar`)
    const url = new URL(start.headers.get('location')!)
    expect([...url.searchParams.keys()]).toEqual(['client_id', 'request_uri'])
    const [pushed] = modern.sentTo('jarpar', '/request')
    expect(pushed!.body.has('request')).toBe(true)
    expect(pushed!.body.has('state')).toBe(false)
    await modern.danceAndRefresh('jarpar', 'bob')
  })

  it('a request signed with a key the provider does not know is par_rejected, nothing stored', async () => {
    const response = await new HttpBrowser().fetch(`${app.origin}/login/stranger`)
    expect(response.status).toBe(502)
    expect(await response.text()).toContain('par_rejected')
    expect(response.headers.getSetCookie()).toEqual([])
    expect(modern.storages.get('stranger')!.size).toBe(0)
  })

  it('refuses signedRequests without a client key at start-up', () => {
    const make = () =>
      makeOAuth2Blueprint({
        name: 'unsigned',
        clientId: 'x',
        clientSecret: 'y',
        authorizationUrl: 'https://op.example/auth',
        tokenUrl: 'https://op.example/token',
        signedRequests: true,
        env: {},
      })
    expect(make).toThrow(expect.objectContaining({ code: 'config_invalid' }))
  })
})
