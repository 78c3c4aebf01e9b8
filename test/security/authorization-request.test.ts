/**
 * What we send to the provider, checked from the provider's side: the code flow only, a fresh one-time
 * `state` and a PKCE S256 challenge on every login (even when the app did not ask), the same
 * `redirect_uri` at both endpoints, no password or implicit grant, and API tokens only in the
 * Authorization header.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { HttpBrowser } from '../support/http-browser.js'
import { fullLogin, type Rig, startRig } from './harness.js'

let rig: Rig

beforeAll(async () => {
  rig = await startRig()
})
afterAll(async () => {
  await rig?.close()
})
beforeEach(() => rig.reset())

const LOGINS = 20

describe('the authorization and token requests', () => {
  it('every login: response_type=code, a fresh state, a fresh S256 challenge matched by the verifier', async () => {
    const states = new Set<string>()
    const challenges = new Set<string>()
    for (let i = 0; i < LOGINS; i++) {
      expect((await fullLogin(rig, new HttpBrowser())).status).toBe(302)
    }
    const authorizations = rig.evil.requests.filter((r) => r.path === '/authorize')
    const tokens = rig.evil.tokenRequests()
    expect(authorizations).toHaveLength(LOGINS)
    expect(tokens).toHaveLength(LOGINS)
    authorizations.forEach((auth, i) => {
      const q = auth.query
      expect(q.get('response_type')).toBe('code')
      expect(q.get('code_challenge_method')).toBe('S256')
      // RFC 7636 §7.1 / oauth4webapi: 32 random octets, base64url (43 characters), for state too.
      expect(q.get('state')).toMatch(/^[\w-]{43}$/)
      states.add(q.get('state')!)
      challenges.add(q.get('code_challenge')!)
      const form = new URLSearchParams(tokens[i]!.body)
      const verifier = form.get('code_verifier')!
      expect(verifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/)
      expect(createHash('sha256').update(verifier).digest('base64url')).toBe(q.get('code_challenge'))
      // RFC 6749 §4.1.3: the token request repeats the redirect_uri exactly.
      expect(form.get('redirect_uri')).toBe(q.get('redirect_uri'))
      expect(form.get('grant_type')).toBe('authorization_code')
      // The verifier never travels in the front channel.
      expect(auth.query.toString()).not.toContain(verifier)
    })
    expect(states.size).toBe(LOGINS)
    expect(challenges.size).toBe(LOGINS)
  })

  it('PKCE is on even for a blueprint that says nothing about it (the rig sets no pkce option)', async () => {
    await fullLogin(rig, new HttpBrowser())
    expect(rig.evil.requests[0]?.query.get('code_challenge')).toBeTruthy()
  })

  it('API calls carry the token in the Authorization header, never in the URL; grants are code or refresh only', async () => {
    const browser = new HttpBrowser()
    await fullLogin(rig, browser)
    expect((await browser.fetch(`${rig.app.origin}/me`)).status).toBe(200)
    const api = rig.evil.requests.filter((r) => r.path === '/api/me')
    expect(api).toHaveLength(1)
    const token = [...rig.evil.issued.keys()].at(-1)!
    expect(api[0]!.headers.authorization).toBe(`Bearer ${token}`)
    expect(api[0]!.query.toString()).not.toContain(token)
    for (const request of rig.evil.tokenRequests()) {
      expect(['authorization_code', 'refresh_token']).toContain(
        new URLSearchParams(request.body).get('grant_type'),
      )
    }
  })

  it('the client secret goes in the Authorization header (client_secret_basic), not the body', async () => {
    await fullLogin(rig, new HttpBrowser())
    const [request] = rig.evil.tokenRequests()
    expect(request!.headers.authorization).toMatch(/^Basic /)
    expect(request!.body).not.toContain(rig.evil.clientSecret)
  })
})
