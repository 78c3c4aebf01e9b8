/**
 * JARM (`responseMode: 'jwt'`) against oidc-provider over HTTP: the callback carries only a signed
 * `response`, verified against the provider's keys before its code is used; login, refresh and API
 * call work. A response whose signature does not verify, or that names another login, is refused with
 * nothing stored and no code sent to the token endpoint.
 */
import { generateKeyPairSync, sign } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeOidcBlueprint } from '../../../src/consumer/oidc-blueprint.js'
import { decodeJwt } from '../../../src/jwt.js'
import { startExpressApp, type TestApp } from '../../support/express-app.js'
import { HttpBrowser } from '../../support/http-browser.js'
import { callbackUrlFromOidcProvider } from '../../support/oidc-login.js'
import { type OidcProviderHandle, startOidcProvider } from '../../support/oidc-provider.js'
import { ModernApp } from './modern-dance.js'

let app: TestApp
let op: OidcProviderHandle
let modern: ModernApp

beforeAll(async () => {
  app = await startExpressApp()
  modern = new ModernApp(app)
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'app',
        client_secret: 'app-secret',
        redirect_uris: [`${app.origin}/login/jarm/authorized`],
        grant_types: ['authorization_code', 'refresh_token'],
      },
    ],
    configuration: {
      features: {
        devInteractions: { enabled: true },
        userinfo: { enabled: true },
        jwtResponseModes: { enabled: true },
      },
    },
  })
  modern.mount(
    makeOidcBlueprint({
      name: 'jarm',
      issuer: op.issuer,
      clientId: 'app',
      clientSecret: 'app-secret',
      responseMode: 'jwt',
      scope: ['openid', 'profile', 'offline_access'],
      authorizationParams: { prompt: 'consent' },
      baseUrl: op.issuer,
      allowInsecureRequests: true,
      fetch: modern.recordingFetch('jarm'),
    }),
  )
})

afterAll(async () => {
  await app?.close()
  await op?.close()
})

/** A callback URL for a fresh login in `browser`, not yet followed. */
function callbackFor(browser: HttpBrowser, login: string): Promise<URL> {
  return callbackUrlFromOidcProvider(browser, `${app.origin}/login/jarm`, login, app.origin)
}

describe('JARM against oidc-provider', () => {
  it('asks for response_mode=jwt; the callback is one signed response; login, refresh and API call work', async () => {
    const start = await new HttpBrowser().fetch(`${app.origin}/login/jarm`)
    expect(new URL(start.headers.get('location')!).searchParams.get('response_mode')).toBe('jwt')
    const peek = await callbackFor(new HttpBrowser(), 'alice')
    expect([...peek.searchParams.keys()]).toEqual(['response'])
    const claims = decodeJwt(peek.searchParams.get('response')!)!.payload
    expect(claims).toMatchObject({ iss: op.issuer, aud: 'app' })
    expect(claims.code).toBeTypeOf('string')
    await modern.danceAndRefresh('jarm', 'alice')
  })

  it('refuses a response whose signature does not verify: nothing stored, no code sent', async () => {
    const storage = modern.storages.get('jarm')!
    storage.delete({ provider: 'jarm' })
    const exchanges = modern.sentTo('jarm', '/token').length
    const browser = new HttpBrowser()
    const callback = await callbackFor(browser, 'bob')
    const [header, payload, signature] = callback.searchParams.get('response')!.split('.')
    const changed = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'mallory' }
    const forged = `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`
    callback.searchParams.set('response', forged)
    const response = await browser.fetch(callback)
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(await response.text()).toContain('<code>callback_invalid</code>')
    expect(storage.size).toBe(0)
    expect(modern.sentTo('jarm', '/token')).toHaveLength(exchanges)
  })

  it("refuses the provider's own claims unsigned (alg none) or signed by another key: nothing stored, no code sent", async () => {
    const storage = modern.storages.get('jarm')!
    const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const forgeries: Array<(claims: Record<string, unknown>) => string> = [
      (claims) => `${part({ alg: 'none' })}.${part(claims)}.`,
      (claims) => {
        // The provider's kid, an attacker's signature: only the provider's published key may verify it.
        const input = `${part({ alg: 'ES256', kid: 'provider-key' })}.${part(claims)}`
        const signature = sign('sha256', Buffer.from(input), { key: attacker, dsaEncoding: 'ieee-p1363' })
        return `${input}.${signature.toString('base64url')}`
      },
    ]
    for (const forge of forgeries) {
      storage.delete({ provider: 'jarm' })
      const exchanges = modern.sentTo('jarm', '/token').length
      const browser = new HttpBrowser()
      const callback = await callbackFor(browser, 'dave')
      const claims = decodeJwt(callback.searchParams.get('response')!)!.payload
      callback.searchParams.set('response', forge(claims))
      const response = await browser.fetch(callback)
      expect(response.status).toBeGreaterThanOrEqual(400)
      expect(storage.size).toBe(0)
      expect(modern.sentTo('jarm', '/token')).toHaveLength(exchanges)
    }
  })

  it('refuses a plain query callback (no signed response), nothing stored', async () => {
    const storage = modern.storages.get('jarm')!
    const browser = new HttpBrowser()
    const callback = await callbackFor(browser, 'carol')
    const claims = decodeJwt(callback.searchParams.get('response')!)!.payload
    const plain = new URL(callback.pathname, callback)
    plain.search = new URLSearchParams({ code: String(claims.code), state: String(claims.state) }).toString()
    const response = await browser.fetch(plain)
    expect(response.status).toBe(400)
    expect(storage.size).toBe(0)
  })
})
