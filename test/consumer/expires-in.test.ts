/**
 * A stored token read back: its `expires_in` agrees with `expires_at` (the seconds left, never
 * negative) wherever the app sees it, while the refresh rule still reads the lifetime it was issued with.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeOAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { runInScope } from '../../src/context.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { nowSeconds, type Token } from '../../src/token.js'
import { testScope } from '../support/scope.js'

const TOKEN_URL = 'https://provider.example/token'

function setup(stored: Token) {
  const storage = new MemoryStorage({ singleUser: true })
  const grants: URLSearchParams[] = []
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input)
    if (url !== TOKEN_URL) return new Response('not found', { status: 404 })
    grants.push(
      new URLSearchParams(String(init?.body ?? (input instanceof Request ? await input.text() : ''))),
    )
    return Response.json({ access_token: 'fresh', token_type: 'bearer', expires_in: 30, refresh_token: 'r2' })
  })
  const blueprint = makeOAuth2Blueprint({
    name: 'expiry',
    clientId: 'id',
    clientSecret: 'secret',
    authorizationUrl: 'https://provider.example/authorize',
    tokenUrl: TOKEN_URL,
    secret: 'Rk3v9QzL0pX2mW7sT4yB8nC1dF6gH5jK',
    storage,
    fetch,
  })
  void storage.set({ provider: 'expiry' }, stored)
  const scope = testScope(new Request('http://app.example/'))
  return { blueprint, scope, grants }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('expires_in of a stored token', () => {
  it('is the seconds left until expires_at in every read the app makes', async () => {
    const now = nowSeconds()
    const { blueprint, scope } = setup({ access_token: 'a', expires_in: 3600, expires_at: now + 100 })
    const seen = [
      await blueprint.storedToken(scope),
      await blueprint.loadToken(scope, await blueprint.tokenKey(scope)),
      await blueprint.validToken(scope),
      await runInScope(scope, () => blueprint.client.token()),
    ]
    for (const token of seen) {
      expect(token?.expires_at).toBe(now + 100)
      // A second may pass between `now` and the read.
      expect(token?.expires_in).toBeGreaterThanOrEqual(99)
      expect(token?.expires_in).toBeLessThanOrEqual(100)
    }
  })

  it('counts down as time passes, and stops at 0 once expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const now = nowSeconds()
    const { blueprint } = setup({ access_token: 'a', expires_in: 60, expires_at: now + 60 })
    const later = testScope(new Request('http://app.example/'))
    vi.setSystemTime((now + 45) * 1000)
    expect((await blueprint.storedToken(later))?.expires_in).toBe(15)
    const expired = testScope(new Request('http://app.example/'))
    vi.setSystemTime((now + 500) * 1000)
    expect((await blueprint.storedToken(expired))?.expires_in).toBe(0)
    // Without a refresh token the expired token is still what validToken hands back, with 0 left.
    expect((await blueprint.validToken(expired))?.expires_in).toBe(0)
  })

  it('leaves a token without expires_at as stored', async () => {
    const { blueprint, scope } = setup({ access_token: 'a', expires_in: 3600 })
    expect(await blueprint.storedToken(scope)).toEqual({ access_token: 'a', expires_in: 3600 })
  })

  it('does not change the storage, and the refresh rule still halves the issued lifetime', async () => {
    const now = nowSeconds()
    // Issued for 30 s, 14 s left: due under the half-lifetime rule (15 s), not under half of what is left (7 s).
    const stored = { access_token: 'a', refresh_token: 'r1', expires_in: 30, expires_at: now + 14 }
    const { blueprint, scope, grants } = setup(stored)
    expect((await blueprint.storedToken(scope))?.expires_in).toBeLessThanOrEqual(14)
    expect(await blueprint.storage.get({ provider: 'expiry' }, { session: scope.session })).toEqual(stored)
    const valid = await blueprint.validToken(scope)
    expect(grants.map((form) => form.get('grant_type'))).toEqual(['refresh_token'])
    expect(valid?.access_token).toBe('fresh')
    expect(valid?.expires_in).toBeGreaterThanOrEqual(29)
  })
})
