/**
 * Refresh against the real oidc-provider (rotation with reuse detection): proactive and reactive
 * refresh, rotation, single flight under 50 concurrent requests, re-authorization through the guard,
 * and revocation at logout.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { makeOAuth2Blueprint, type OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { SessionStorage } from '../../src/storage/session.js'
import type { TokenKey } from '../../src/storage/types.js'
import type { Token } from '../../src/token.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'
import {
  localBlueprintOptions,
  type OidcProviderHandle,
  startOidcProvider,
} from '../support/oidc-provider.js'
import { countRefreshGrants, type Listening, mountRefreshRoutes, startResourceServer } from './support.js'

let app: TestApp
let op: OidcProviderHandle
let rs: Listening & { requests(): number }
let blueprint: OAuth2Blueprint
let memory: MemoryStorage
let grants: ReturnType<typeof countRefreshGrants>
let rotate = true
const key: TokenKey = { provider: 'local', userId: 'alice' }
const now = () => Math.floor(Date.now() / 1000)

beforeAll(async () => {
  app = await startExpressApp()
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'app',
        client_secret: 'app-secret',
        redirect_uris: [`${app.origin}/login/local/authorized`],
        grant_types: ['authorization_code', 'refresh_token'],
      },
    ],
    configuration: { rotateRefreshToken: () => rotate },
  })
  rs = await startResourceServer(op)
  grants = countRefreshGrants(op)
  blueprint = makeOAuth2Blueprint(
    localBlueprintOptions(op, {
      scope: ['openid', 'offline_access'],
      revocationUrl: `${op.issuer}/token/revocation`,
      issuer: op.issuer,
      baseUrl: rs.origin,
      user: () => 'alice',
      allowInsecureRequests: true,
    }),
  )
  mountRefreshRoutes(app.app, blueprint)
})

afterAll(async () => {
  await app?.close()
  await rs?.close()
  await op?.close()
})

beforeEach(() => {
  rotate = true
  memory = new MemoryStorage({ singleUser: true })
  blueprint.storage = memory
})

async function login(browser = new HttpBrowser()): Promise<Token> {
  const callback = await browser.loginWithOidcProvider(`${app.origin}/login/local`, 'alice', app.origin)
  expect(callback.status).toBe(302)
  const token = memory.get(key)
  if (blueprint.storage === memory) expect(token?.refresh_token).toBeTypeOf('string')
  return token as Token
}

async function refreshAtProvider(refreshToken: string): Promise<Response> {
  return fetch(`${op.issuer}/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from('app:app-secret').toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  })
}

describe('refresh against oidc-provider', () => {
  it('refreshes proactively inside the margin, stores the rotated token and calls the API once', async () => {
    const original = await login()
    memory.set(key, { ...original, expires_at: now() + 10 })
    const before = grants.total()
    const apiBefore = rs.requests()
    const response = await fetch(`${app.origin}/api/me`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ sub: 'alice' })
    expect(grants.total() - before).toBe(1)
    expect(rs.requests() - apiBefore).toBe(1)
    const stored = memory.get(key)!
    expect(stored.access_token).not.toBe(original.access_token)
    expect(stored.refresh_token).not.toBe(original.refresh_token)
    expect(stored.expires_at).toBeGreaterThan(now() + 3000)
    // The ID token of the login is replaced by the refreshed one with the same identity.
    expect(stored.id_token).toBeTypeOf('string')
    // The rotated-out refresh token is dead at the provider.
    const reuse = await refreshAtProvider(original.refresh_token!)
    expect(reuse.status).toBe(400)
    expect(((await reuse.json()) as { error: string }).error).toBe('invalid_grant')
  })

  it('refreshes reactively once after a 401 invalid_token and retries the request once', async () => {
    const original = await login()
    const accessToken = await op.provider.AccessToken.find(original.access_token!)
    await accessToken!.destroy()
    const before = grants.total()
    const apiBefore = rs.requests()
    const response = await fetch(`${app.origin}/api/me`)
    expect(response.status).toBe(200)
    expect(grants.total() - before).toBe(1)
    expect(rs.requests() - apiBefore).toBe(2)
    expect(memory.get(key)!.access_token).not.toBe(original.access_token)
  })

  it('keeps the refresh token when the provider does not rotate it', async () => {
    rotate = false
    const original = await login()
    const before = grants.total()
    for (let round = 0; round < 2; round++) {
      await fetch(`${app.origin}/expire`, { method: 'POST' })
      expect((await fetch(`${app.origin}/api/me`)).status).toBe(200)
      expect(memory.get(key)!.refresh_token).toBe(original.refresh_token)
    }
    expect(grants.ok).toBeGreaterThanOrEqual(2)
    expect(grants.total() - before).toBe(2)
  })

  it('makes exactly one refresh for 50 concurrent requests with an expired token, and all succeed', async () => {
    const original = await login()
    memory.set(key, { ...original, expires_at: now() - 30 })
    const before = grants.total()
    const responses = await Promise.all(Array.from({ length: 50 }, () => fetch(`${app.origin}/api/me`)))
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200))
    expect(grants.total() - before).toBe(1)
    expect(memory.get(key)!.access_token).not.toBe(original.access_token)
  })

  it('with session storage, 50 concurrent requests of one browser refresh once and keep the new token', async () => {
    blueprint.storage = new SessionStorage()
    const browser = new HttpBrowser()
    await login(browser)
    const first = (await (await browser.fetch(`${app.origin}/token`)).json()) as Token
    expect(first.refresh_token).toBeTypeOf('string')
    await browser.fetch(`${app.origin}/expire`, { method: 'POST' })
    const before = grants.total()
    const responses = await Promise.all(
      // Half of them are held until the refresh has finished, still holding the spent refresh token.
      Array.from({ length: 50 }, (_, i) =>
        browser.fetch(`${app.origin}/api/me`, { headers: { 'x-delay': i % 2 ? '0' : '400' } }),
      ),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200))
    expect(grants.total() - before).toBe(1)
    const second = (await (await browser.fetch(`${app.origin}/token`)).json()) as Token
    expect(second.refresh_token).not.toBe(first.refresh_token)
    // The session kept the live refresh token, not the spent one: a second refresh works.
    await browser.fetch(`${app.origin}/expire`, { method: 'POST' })
    expect((await browser.fetch(`${app.origin}/api/me`)).status).toBe(200)
    expect(grants.total() - before).toBe(2)
  })

  it('never hands one browser the token refreshed for another (session storage, same storage key)', async () => {
    blueprint.storage = new SessionStorage()
    const alice = new HttpBrowser()
    const bob = new HttpBrowser()
    for (const [browser, name] of [
      [alice, 'alice'],
      [bob, 'bob'],
    ] as const) {
      const callback = await browser.loginWithOidcProvider(`${app.origin}/login/local`, name, app.origin)
      expect(callback.status).toBe(302)
      await browser.fetch(`${app.origin}/expire`, { method: 'POST' })
    }
    const before = grants.total()
    const answers = await Promise.all(
      [alice, bob, alice, bob].map(async (browser) => (await browser.fetch(`${app.origin}/api/me`)).json()),
    )
    expect(answers).toEqual([{ sub: 'alice' }, { sub: 'bob' }, { sub: 'alice' }, { sub: 'bob' }])
    expect(grants.total() - before).toBe(2)
  })

  it('on a reused refresh token: one attempt, token deleted, reauth_required, the guard sends to login', async () => {
    const original = await login()
    // Someone else (a stale copy) spends the refresh token first.
    expect((await refreshAtProvider(original.refresh_token!)).status).toBe(200)
    memory.set(key, { ...original, expires_at: now() - 30 })
    const before = { ok: grants.ok, failed: grants.failed }
    const response = await fetch(`${app.origin}/api/me`, { redirect: 'manual' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/login/local?next=%2Fapi%2Fme')
    expect(grants.failed - before.failed).toBe(1)
    expect(grants.ok - before.ok).toBe(0)
    expect(memory.get(key)).toBeUndefined()
    const guarded = await fetch(`${app.origin}/guarded`, { redirect: 'manual' })
    expect(guarded.status).toBe(302)
    expect(guarded.headers.get('location')).toBe('/login/local?next=%2Fguarded')
    const script = await fetch(`${app.origin}/api/me`, { headers: { accept: 'application/json' } })
    expect(script.status).toBe(401)
    expect(await script.json()).toEqual({
      error: 'reauth_required',
      provider: 'local',
      login: '/login/local?next=%2Fapi%2Fme',
    })
    expect(grants.failed - before.failed).toBe(1)
  })

  it('lets a request with a usable token through the guard', async () => {
    await login()
    const response = await fetch(`${app.origin}/guarded`, { redirect: 'manual' })
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('inside')
  })

  it('logout revokes the grant at the provider and deletes the local token', async () => {
    const original = await login()
    const response = await fetch(`${app.origin}/logout`, { method: 'POST' })
    expect(await response.json()).toEqual({ revoked: true })
    expect(memory.get(key)).toBeUndefined()
    expect(await op.provider.AccessToken.find(original.access_token!)).toBeUndefined()
    expect((await refreshAtProvider(original.refresh_token!)).status).toBe(400)
  })
})
