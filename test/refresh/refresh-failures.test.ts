/**
 * Refresh and revocation against a stand-in provider that misbehaves: 503, no answer, a reset
 * connection, `invalid_grant`, a refresh response without a refresh token, an ID token for someone
 * else, a refused connection, and a failing revocation endpoint.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { makeOAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import type { FetchLike } from '../../src/protocol/http.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import type { TokenKey } from '../../src/storage/types.js'
import type { Token } from '../../src/token.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { mountRefreshRoutes, startStandInProvider, unsignedJwt } from './support.js'

let app: TestApp
let provider: Awaited<ReturnType<typeof startStandInProvider>>
let memory: MemoryStorage
let failConnectOnce = false
let fetchCalls = 0
const key: TokenKey = { provider: 'standin', userId: 'alice' }
const now = () => Math.floor(Date.now() / 1000)

const refusingOnce: FetchLike = (input, init) => {
  fetchCalls++
  if (failConnectOnce) {
    failConnectOnce = false
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    return Promise.reject(new TypeError('fetch failed', { cause: refused }))
  }
  return fetch(input, init)
}

beforeAll(async () => {
  provider = await startStandInProvider()
  app = await startExpressApp()
  const blueprint = makeOAuth2Blueprint({
    name: 'standin',
    clientId: 'app',
    clientSecret: 'app-secret',
    authorizationUrl: `${provider.origin}/authorize`,
    tokenUrl: `${provider.origin}/token`,
    revocationUrl: `${provider.origin}/revoke`,
    issuer: provider.origin,
    baseUrl: `${provider.origin}/api/`,
    user: () => 'alice',
    timeoutMs: 400,
    fetch: refusingOnce,
    allowInsecureRequests: true,
  })
  memory = new MemoryStorage({ singleUser: true })
  blueprint.storage = memory
  mountRefreshRoutes(app.app, blueprint)
})

afterAll(async () => {
  await app?.close()
  await provider?.close()
})

beforeEach(() => {
  provider.mode = 'ok'
  provider.revokeMode = 'ok'
  provider.idToken = undefined
  provider.grants.length = 0
  provider.revocations.length = 0
  memory.delete(key)
})

let storedCount = 0

/** Stores an expired token; each test gets its own, as a refreshed token is remembered for a minute. */
function storeToken(overrides: Partial<Token> = {}): Token {
  storedCount++
  const token: Token = {
    access_token: `old-access-${storedCount}`,
    token_type: 'Bearer',
    refresh_token: `old-refresh-${storedCount}`,
    expires_in: 3600,
    expires_at: now() - 30,
    ...overrides,
  }
  memory.set(key, token)
  return token
}

async function callApi(headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${app.origin}/api/me`, { redirect: 'manual', headers })
}

describe('transient refresh failures keep the tokens and are not retried', () => {
  it.each([
    ['503', 502, 'refresh_failed'],
    ['hang', 504, 'provider_timeout'],
    ['reset', 502, 'refresh_failed'],
  ] as const)('refresh answered %s → %i %s, one attempt, token kept', async (mode, status, code) => {
    provider.mode = mode
    const stored = storeToken()
    const started = Date.now()
    const response = await callApi()
    expect(response.status).toBe(status)
    expect(await response.json()).toEqual({ code })
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(provider.grants).toEqual([{ grantType: 'refresh_token', refreshToken: stored.refresh_token }])
    expect(memory.get(key)).toEqual(stored)
    const next = await callApi()
    if (mode === '503') {
      // The provider answered with an error, so it spent nothing: the next request tries again, once.
      expect(provider.grants).toHaveLength(2)
    } else {
      // The answer was lost: the provider may have spent the refresh token (rotation), and presenting
      // it again would revoke the grant. The access token has expired, so a new login is needed.
      expect(provider.grants).toHaveLength(1)
      expect(next.status).toBe(302)
      expect(next.headers.get('location')).toBe('/login/standin?next=%2Fapi%2Fme')
      expect(memory.get(key)).toBeUndefined()
    }
  })

  it.each(['hang', 'reset'] as const)(
    'after a lost answer (%s) the refresh token is not presented again; the valid access token is used',
    async (mode) => {
      provider.mode = mode
      provider.valid.add(`valid-${mode}`)
      const stored = storeToken({ access_token: `valid-${mode}`, expires_at: now() + 20 })
      expect((await callApi()).status).toBe(200)
      provider.mode = 'ok'
      expect((await callApi()).status).toBe(200)
      expect((await callApi()).status).toBe(200)
      expect(provider.grants).toEqual([{ grantType: 'refresh_token', refreshToken: stored.refresh_token }])
      expect(memory.get(key)).toEqual(stored)
    },
  )

  it('uses the old token when a refresh inside the margin fails and the token has not expired', async () => {
    provider.mode = '503'
    provider.valid.add('still-valid')
    storeToken({ access_token: 'still-valid', expires_at: now() + 20 })
    const response = await callApi()
    expect(response.status).toBe(200)
    expect(provider.grants).toHaveLength(1)
    expect(memory.get(key)!.access_token).toBe('still-valid')
  })

  it('repeats a refresh once when the connection was refused before anything was sent', async () => {
    storeToken()
    failConnectOnce = true
    const before = fetchCalls
    const response = await callApi()
    expect(response.status).toBe(200)
    // Refused token request, repeated token request, API call.
    expect(fetchCalls - before).toBe(3)
    expect(provider.grants).toHaveLength(1)
  })
})

describe('refresh results', () => {
  it('invalid_grant deletes the token, answers reauth_required, and the guard redirects to login', async () => {
    provider.mode = 'invalid_grant'
    storeToken()
    const response = await callApi()
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/login/standin?next=%2Fapi%2Fme')
    expect(memory.get(key)).toBeUndefined()
    expect(provider.grants).toHaveLength(1)
  })

  it('keeps the old refresh token when the response has none (RFC 6749 §6)', async () => {
    provider.mode = 'ok-without-refresh-token'
    const original = storeToken({ scope: 'read write' })
    expect((await callApi()).status).toBe(200)
    const refreshed = memory.get(key)!
    expect(refreshed.refresh_token).toBe(original.refresh_token)
    expect(refreshed.scope).toBe('read write')
    expect(refreshed.access_token).toMatch(/^stand-in-at-/)
  })

  it('stores a new refresh token when the response has one', async () => {
    storeToken()
    expect((await callApi()).status).toBe(200)
    expect(memory.get(key)!.refresh_token).toMatch(/^stand-in-rt-/)
  })

  const idToken = (sub: string) =>
    unsignedJwt({ iss: provider.origin, sub, aud: 'app', iat: now(), exp: now() + 300 })

  it('refuses a refreshed ID token for another subject and does not store it', async () => {
    provider.idToken = () => idToken('mallory')
    const stored = storeToken({ id_token: idToken('alice') })
    const response = await callApi()
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ code: 'id_token_invalid' })
    expect(memory.get(key)).toEqual(stored)
  })

  it('accepts a refreshed ID token for the same subject', async () => {
    provider.idToken = () => idToken('alice')
    storeToken({ id_token: idToken('alice') })
    expect((await callApi()).status).toBe(200)
    expect(memory.get(key)!.access_token).toMatch(/^stand-in-at-/)
  })
})

describe('logout and revocation', () => {
  it('revokes the refresh token at the provider and deletes the local token', async () => {
    const original = storeToken()
    const response = await fetch(`${app.origin}/logout`, { method: 'POST' })
    expect(await response.json()).toEqual({ revoked: true })
    expect(provider.revocations).toEqual([original.refresh_token])
    expect(memory.get(key)).toBeUndefined()
  })

  it('deletes the local token even when revocation fails, and reports the failure', async () => {
    provider.revokeMode = '503'
    storeToken()
    const response = await fetch(`${app.origin}/logout`, { method: 'POST' })
    expect(await response.json()).toEqual({ revoked: false, reason: 'failed' })
    expect(provider.revocations).toHaveLength(1)
    expect(memory.get(key)).toBeUndefined()
    const after = await callApi({ accept: 'application/json' })
    expect(after.status).toBe(401)
  })

  it('reports no_token when there is nothing to log out', async () => {
    const response = await fetch(`${app.origin}/logout`, { method: 'POST' })
    expect(await response.json()).toEqual({ revoked: false, reason: 'no_token' })
    expect(provider.revocations).toHaveLength(0)
  })
})
