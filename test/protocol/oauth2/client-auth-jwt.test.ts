/**
 * Client authentication with JWT assertions against oidc-provider over HTTP: `private_key_jwt` (RFC
 * 7523) with a PEM, a JWK from the environment and a chosen algorithm, and `client_secret_jwt`; each
 * through a login, a refresh and an API call. A key the provider does not know fails the login with a
 * typed error and nothing stored; an unusable key or a missing one fails at start-up.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeOAuth2Blueprint, type OAuth2Blueprint } from '../../../src/consumer/oauth2-blueprint.js'
import { makeOidcBlueprint } from '../../../src/consumer/oidc-blueprint.js'
import { isDanceError } from '../../../src/errors.js'
import { decodeJwt } from '../../../src/jwt.js'
import { startExpressApp, type TestApp } from '../../support/express-app.js'
import { HttpBrowser } from '../../support/http-browser.js'
import {
  localBlueprintOptions,
  type OidcProviderHandle,
  startOidcProvider,
} from '../../support/oidc-provider.js'
import { ModernApp } from './modern-dance.js'

let app: TestApp
let op: OidcProviderHandle
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 })
let modern: ModernApp

const publicJwk = (key: KeyObject, kid: string) => ({ ...key.export({ format: 'jwk' }), kid, use: 'sig' })
const redirect = (name: string) => `${app.origin}/login/${name}/authorized`
const grants = ['authorization_code', 'refresh_token']
const mount = (blueprint: OAuth2Blueprint) => modern.mount(blueprint)

beforeAll(async () => {
  app = await startExpressApp()
  modern = new ModernApp(app)
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'pem-rs256',
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [publicJwk(rsa.publicKey, 'rsa-1')] },
        redirect_uris: [redirect('pem')],
        grant_types: grants,
      },
      {
        client_id: 'env-es256',
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: { keys: [publicJwk(ec.publicKey, 'ec-1')] },
        redirect_uris: [redirect('envkey')],
        grant_types: grants,
      },
      {
        client_id: 'ps256',
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'PS256',
        jwks: { keys: [publicJwk(rsa.publicKey, 'rsa-1')] },
        redirect_uris: [redirect('ps'), redirect('stranger')],
        grant_types: grants,
      },
      {
        client_id: 'hmac',
        client_secret: 'a-client-secret-of-at-least-thirty-two-bytes',
        token_endpoint_auth_method: 'client_secret_jwt',
        redirect_uris: [redirect('hmac')],
        grant_types: grants,
      },
    ],
  })
  const common = (name: string) =>
    localBlueprintOptions(op, {
      name,
      clientSecret: undefined,
      scope: ['openid', 'profile', 'offline_access'],
      authorizationParams: { prompt: 'consent' },
      fetch: modern.recordingFetch(name),
    })
  mount(
    makeOidcBlueprint({
      ...common('pem'),
      issuer: op.issuer,
      clientId: 'pem-rs256',
      clientAuth: 'private_key_jwt',
      clientPrivateKey: {
        key: rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
        kid: 'rsa-1',
      },
    }),
  )
  mount(
    makeOAuth2Blueprint({
      ...common('envkey'),
      clientAuth: 'private_key_jwt',
      env: {
        ENVKEY_OAUTH_CLIENT_ID: 'env-es256',
        ENVKEY_OAUTH_CLIENT_PRIVATE_KEY: JSON.stringify(ec.privateKey.export({ format: 'jwk' })),
        ENVKEY_OAUTH_CLIENT_KEY_ID: 'ec-1',
      },
      clientId: undefined,
    }),
  )
  mount(
    makeOAuth2Blueprint({
      ...common('ps'),
      clientId: 'ps256',
      clientAuth: 'private_key_jwt',
      clientPrivateKey: { key: rsa.privateKey.export({ format: 'jwk' }), alg: 'PS256', kid: 'rsa-1' },
    }),
  )
  mount(
    makeOAuth2Blueprint({
      ...common('stranger'),
      clientId: 'ps256',
      clientAuth: 'private_key_jwt',
      clientPrivateKey: { key: stranger.privateKey.export({ format: 'jwk' }), alg: 'PS256', kid: 'rsa-1' },
    }),
  )
  mount(
    makeOAuth2Blueprint({
      ...common('hmac'),
      clientId: 'hmac',
      clientSecret: 'a-client-secret-of-at-least-thirty-two-bytes',
      clientAuth: 'client_secret_jwt',
    }),
  )
})

afterAll(async () => {
  await app?.close()
  await op?.close()
})

/** The token requests of one login and refresh. */
async function danceAndRefresh(name: string, login: string) {
  await modern.danceAndRefresh(name, login)
  return modern.sentTo(name, '/token').map((request) => request.body)
}

/** The JOSE header and claims of each request's client assertion; no secret was sent. */
function assertions(requests: URLSearchParams[]) {
  return requests.map((body) => {
    expect(body.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
    expect(body.has('client_secret')).toBe(false)
    return decodeJwt(body.get('client_assertion')!)!
  })
}

describe('private_key_jwt and client_secret_jwt against oidc-provider', () => {
  it('signs with a PEM RSA key (RS256, kid) through login, refresh and an API call', async () => {
    const sent = assertions(await danceAndRefresh('pem', 'alice'))
    for (const { header, payload } of sent) {
      expect(header).toMatchObject({ alg: 'RS256', kid: 'rsa-1' })
      expect(payload).toMatchObject({ iss: 'pem-rs256', sub: 'pem-rs256', aud: op.issuer })
    }
    // A fresh assertion per request (RFC 7523 §3: jti single use).
    expect(sent[0]!.payload.jti).not.toBe(sent[1]!.payload.jti)
  })

  it('reads an EC JWK and its key id from the environment (ES256)', async () => {
    const sent = assertions(await danceAndRefresh('envkey', 'bob'))
    expect(sent.map(({ header }) => header)).toEqual([
      { alg: 'ES256', kid: 'ec-1' },
      { alg: 'ES256', kid: 'ec-1' },
    ])
  })

  it('signs with the algorithm chosen for an RSA JWK (PS256)', async () => {
    const sent = assertions(await danceAndRefresh('ps', 'carol'))
    expect(sent[0]!.header.alg).toBe('PS256')
  })

  it('authenticates with client_secret_jwt (HS256 over the secret)', async () => {
    const sent = assertions(await danceAndRefresh('hmac', 'dave'))
    expect(sent[0]!.header.alg).toBe('HS256')
  })

  it('fails the login with a typed error and stores nothing when the provider does not know the key', async () => {
    const browser = new HttpBrowser()
    const callback = await browser.loginWithOidcProvider(`${app.origin}/login/stranger`, 'eve', app.origin)
    expect(callback.status).toBe(401)
    expect(await callback.text()).toContain('token_rejected')
    expect(modern.storages.get('stranger')!.size).toBe(0)
  })
})

describe('client keys checked at start-up', () => {
  const make = (overrides: Partial<Parameters<typeof makeOAuth2Blueprint>[0]>) => () =>
    makeOAuth2Blueprint({
      name: 'keys',
      clientId: 'x',
      authorizationUrl: 'https://op.example/auth',
      tokenUrl: 'https://op.example/token',
      clientAuth: 'private_key_jwt',
      env: {},
      ...overrides,
    }).protocol

  const code = (build: () => unknown) => {
    try {
      build()
    } catch (error) {
      return isDanceError(error) ? error.code : 'not a DanceError'
    }
    return 'no error'
  }

  it('refuses a missing key, naming the variable', () => {
    expect(code(make({}))).toBe('config_missing_credentials')
    expect(() => make({})()).toThrow(/KEYS_OAUTH_CLIENT_PRIVATE_KEY/)
  })

  it('refuses text that is no key, a public key and a key that does not fit the algorithm', () => {
    expect(code(make({ clientPrivateKey: 'not a key' }))).toBe('config_invalid')
    expect(code(make({ clientPrivateKey: '{"kty":' }))).toBe('config_invalid')
    const publicPem = rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string
    expect(code(make({ clientPrivateKey: publicPem }))).toBe('config_invalid')
    const ecPem = ec.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
    expect(code(make({ clientPrivateKey: { key: ecPem, alg: 'RS256' } }))).toBe('config_invalid')
    expect(code(make({ clientPrivateKey: { key: ecPem, alg: 'ES384' } }))).toBe('config_invalid')
    expect(code(make({ clientPrivateKey: { key: ecPem } }))).toBe('no error')
  })

  it('never quotes the key in the error', () => {
    const pem = rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
    const broken = pem.replace('MII', 'XXX')
    try {
      make({ clientPrivateKey: broken })()
      expect.unreachable()
    } catch (error) {
      expect(String(error)).not.toContain(broken.split('\n')[2])
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(broken.split('\n')[2])
    }
  })
})
