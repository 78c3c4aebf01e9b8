/**
 * A provider cannot plant a DPoP key in the stored token: `dpop_jwk` is where the blueprint keeps the
 * key it generated for a DPoP-bound login, and a token answer that carries a member of that name (a
 * lying provider, or one echoing what it was sent) would otherwise make the token look DPoP-bound to a
 * key the provider chose, and every later call sign proofs with it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { HttpBrowser } from '../support/http-browser.js'
import { fullLogin, type Rig, startRig } from './harness.js'

let rig: Rig
beforeAll(async () => {
  rig = await startRig()
})
afterAll(() => rig.close())
beforeEach(() => rig.reset())

const planted = { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA', d: 'AAAA' }

describe('reserved token members', () => {
  it('a dpop_jwk in a bearer token answer is not stored, and API calls stay bearer', async () => {
    rig.evil.tokenAnswer = { kind: 'ok', extra: { dpop_jwk: planted } }
    const browser = new HttpBrowser()
    const callback = await fullLogin(rig, browser)
    expect(callback.status).toBe(302)
    expect(rig.memory.size).toBe(1)
    const stored = rig.memory.get({ provider: 'evil' })
    expect(stored?.access_token).toBeTypeOf('string')
    expect(stored).not.toHaveProperty('dpop_jwk')
    const me = await browser.fetch(`${rig.app.origin}/me`)
    expect(me.status).toBe(200)
    const apiCall = rig.evil.requests.find((r) => r.path.endsWith('/me'))
    expect(apiCall?.headers.authorization).toMatch(/^Bearer /)
    expect(apiCall?.headers.dpop).toBeUndefined()
  })
})
