/**
 * DPoP (RFC 9449) against oidc-provider over HTTP, with server nonces required: the login's token
 * request, UserInfo, API calls through the request-scoped client and the refresh all carry proofs of
 * the login's key, which is stored with the token; a `use_dpop_nonce` refusal is retried once. A
 * missing nonce, a replayed proof and a wrong key each end in a typed error with nothing stored.
 */
import { createHash, randomBytes } from 'node:crypto'
import { calculateJwkThumbprint, type JWK } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeOAuth2Blueprint } from '../../../src/consumer/oauth2-blueprint.js'
import { makeOidcBlueprint } from '../../../src/consumer/oidc-blueprint.js'
import { decodeJwt } from '../../../src/jwt.js'
import { startExpressApp, type TestApp } from '../../support/express-app.js'
import { type FakeServer, startFakeServer } from '../../support/fake-provider/server.js'
import { HttpBrowser } from '../../support/http-browser.js'
import {
  localBlueprintOptions,
  type OidcProviderHandle,
  startOidcProvider,
} from '../../support/oidc-provider.js'
import { ModernApp } from './modern-dance.js'

let app: TestApp
let op: OidcProviderHandle
let modern: ModernApp
let rs: FakeServer
/** What the resource server answered, in order. */
const rsAnswers: number[] = []
const grants = ['authorization_code', 'refresh_token']
const names = ['oidc', 'public', 'nononce', 'replay', 'rs']
const redirect = (name: string) => `${app.origin}/login/${name}/authorized`
const proofOf = (headers: Headers) => decodeJwt(headers.get('dpop') ?? '')

beforeAll(async () => {
  app = await startExpressApp()
  modern = new ModernApp(app)
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'app',
        client_secret: 'app-secret',
        dpop_bound_access_tokens: true,
        redirect_uris: names.map(redirect),
        grant_types: grants,
      },
      {
        client_id: 'spa',
        token_endpoint_auth_method: 'none',
        dpop_bound_access_tokens: true,
        redirect_uris: [redirect('public')],
        grant_types: grants,
      },
    ],
    configuration: {
      features: {
        devInteractions: { enabled: true },
        userinfo: { enabled: true },
        dPoP: { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true },
      },
    },
  })
  rs = await startFakeServer((req, res) => {
    const answer = (status: number, headers: Record<string, string> = {}, body = '') => {
      rsAnswers.push(status)
      res.writeHead(status, headers).end(body)
    }
    const token = /^DPoP (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    const proof = decodeJwt(String(req.headers.dpop ?? ''))
    if (!token || !proof) return answer(401, { 'www-authenticate': 'DPoP error="invalid_token"' })
    // This server wants its own nonce in every proof (RFC 9449 §9).
    if (proof.payload.nonce !== 'rs-nonce-1') {
      return answer(401, { 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': 'rs-nonce-1' })
    }
    const ath = createHash('sha256').update(token).digest('base64url')
    void Promise.all([
      op.provider.AccessToken.find(token),
      calculateJwkThumbprint(proof.header.jwk as JWK),
    ]).then(([stored, thumbprint]) => {
      const bound = stored && !stored.isExpired && stored.jkt === thumbprint && proof.payload.ath === ath
      if (!bound) return answer(401, { 'www-authenticate': 'DPoP error="invalid_token"' })
      answer(200, { 'content-type': 'application/json' }, JSON.stringify({ sub: stored.accountId }))
    })
  })
  const options = (name: string) =>
    localBlueprintOptions(op, {
      name,
      scope: ['openid', 'profile', 'offline_access'],
      fetch: modern.recordingFetch(name),
      dpop: true,
    })
  modern.mount(makeOidcBlueprint({ ...options('oidc'), issuer: op.issuer }))
  modern.mount(makeOAuth2Blueprint({ ...options('public'), clientId: 'spa', clientAuth: 'none' }))
  modern.mount(makeOAuth2Blueprint(options('nononce')))
  modern.mount(makeOAuth2Blueprint(options('replay')))
  modern.mount(makeOAuth2Blueprint({ ...options('rs'), baseUrl: rs.origin }))
})

afterAll(async () => {
  await rs?.close()
  await app?.close()
  await op?.close()
})

describe('DPoP against oidc-provider (nonces required)', () => {
  it('binds the login, UserInfo, API calls and the refresh to the key stored with the token', async () => {
    const { first, refreshed } = await modern.danceAndRefresh('oidc', 'alice')
    expect(first.token_type).toBe('dpop')
    const jwk = first.dpop_jwk as JsonWebKey
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256' })
    expect(typeof jwk.d).toBe('string')
    // The refreshed token is bound to the same key, kept with it.
    expect(refreshed.token_type).toBe('dpop')
    expect(refreshed.dpop_jwk).toEqual(jwk)

    const exchanges = modern.sentTo('oidc', '/token')
    // The first code exchange was refused for want of a nonce; the retry carried it.
    const codeProofs = exchanges.slice(0, -1).map((request) => proofOf(request.headers)!)
    expect(codeProofs).toHaveLength(2)
    expect(codeProofs[0]!.payload.nonce).toBeUndefined()
    expect(codeProofs[1]!.payload.nonce).toBeTypeOf('string')
    for (const request of [...exchanges, ...modern.sentTo('oidc', '/me')]) {
      const proof = proofOf(request.headers)!
      expect(proof.header).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256', jwk: { x: jwk.x, y: jwk.y } })
      expect(proof.payload.htm).toBe(request.method)
    }
    const apiCalls = modern.sentTo('oidc', '/me')
    // UserInfo at login, then the two API calls: each with its own proof of the token.
    expect(apiCalls.length).toBeGreaterThanOrEqual(3)
    for (const call of apiCalls) expect(call.headers.get('authorization')).toMatch(/^DPoP /)
    expect(new Set(apiCalls.map((call) => proofOf(call.headers)!.payload.jti)).size).toBe(apiCalls.length)
  })

  it('an API that asks for its own nonce gets the request once more, then only proofs with it', async () => {
    const browser = new HttpBrowser()
    const callback = await browser.loginWithOidcProvider(`${app.origin}/login/rs`, 'erin', app.origin)
    expect(callback.status).toBe(302)
    const first = await browser.fetch(`${app.origin}/api/rs`)
    expect(await first.json()).toEqual({ sub: 'erin' })
    expect(rsAnswers).toEqual([401, 200])
    const second = await browser.fetch(`${app.origin}/api/rs`)
    expect(await second.json()).toEqual({ sub: 'erin' })
    expect(rsAnswers).toEqual([401, 200, 200])
  })

  it('UserInfo from an instance that has no nonce yet: refused once for want of one, then answered', async () => {
    const token = modern.storages.get('oidc')!.get({ provider: 'oidc' })!
    const fresh = makeOidcBlueprint({
      ...localBlueprintOptions(op, { name: 'fresh', fetch: modern.recordingFetch('fresh'), dpop: true }),
      issuer: op.issuer,
    })
    const info = await fresh.protocol.userinfo(token, 'alice')
    expect(info).toMatchObject({ sub: 'alice' })
    const calls = modern.sentTo('fresh', '/me').map((call) => proofOf(call.headers)!.payload.nonce)
    expect(calls).toHaveLength(2)
    expect(calls[0]).toBeUndefined()
    expect(calls[1]).toBeTypeOf('string')
  })

  it('a DPoP-bound access token is refused as a bearer token', async () => {
    const token = modern.storages.get('oidc')!.get({ provider: 'oidc' })!
    const response = await fetch(`${op.issuer}/me`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    })
    expect(response.status).toBe(401)
  })

  it('a public client refreshes with its key; with another key the refresh is refused, typed', async () => {
    await modern.danceAndRefresh('public', 'bob')
    const storage = modern.storages.get('public')!
    const stored = storage.get({ provider: 'public' })!
    const other = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign'])
    const wrong = await crypto.subtle.exportKey('jwk', other.privateKey)
    storage.set({ provider: 'public' }, { ...stored, dpop_jwk: wrong, expires_at: 1 })
    const response = await new HttpBrowser().fetch(`${app.origin}/api/public`)
    expect([401, 502]).toContain(response.status)
    expect(await response.text()).toMatch(/^(reauth_required|refresh_failed)$/)
    const last = modern.sentTo('public', '/token').at(-1)!
    expect(last.body.get('grant_type')).toBe('refresh_token')
    // Nothing new was stored: the token is the one with the wrong key, or gone.
    const after = storage.get({ provider: 'public' })
    expect(after === undefined || after.access_token === stored.access_token).toBe(true)
  })

  it('a nonce that never arrives fails the login with token_rejected, nothing stored', async () => {
    modern.intercept.set('nononce', async (url, init, send) => {
      const response = await send(url, init)
      const headers = new Headers(response.headers)
      headers.delete('dpop-nonce')
      return new Response(response.body, { status: response.status, headers })
    })
    const callback = await new HttpBrowser().loginWithOidcProvider(
      `${app.origin}/login/nononce`,
      'carol',
      app.origin,
    )
    expect(callback.status).toBe(401)
    expect(await callback.text()).toContain('token_rejected')
    expect(modern.storages.get('nononce')!.size).toBe(0)
  })

  it('a replayed proof fails the login with token_rejected, nothing stored', async () => {
    await modern.danceAndRefresh('replay', 'dave')
    const [, used] = modern.sentTo('replay', '/token')
    const replayed = used!.headers.get('dpop')!
    modern.storages.get('replay')!.delete({ provider: 'replay' })
    modern.intercept.set('replay', (url, init, send) => {
      if (url.pathname !== '/token') return send(url, init)
      const headers = new Headers(init?.headers)
      headers.set('dpop', replayed)
      return send(url, { ...init, headers })
    })
    const callback = await new HttpBrowser().loginWithOidcProvider(
      `${app.origin}/login/replay`,
      'dave',
      app.origin,
    )
    expect(callback.status).toBe(401)
    expect(await callback.text()).toContain('token_rejected')
    expect(modern.storages.get('replay')!.size).toBe(0)
  })
})
