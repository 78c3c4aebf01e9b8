/**
 * The login route's redirect (authorization request, RFC 6749 §4.1.1 + RFC 7636 §4.3) and the token
 * request it leads to (§4.1.3), driven with standard Requests and a recording fetch: no server.
 */
import * as oauth from 'oauth4webapi'
import { describe, expect, it } from 'vitest'
import {
  makeOAuth2Blueprint,
  type OAuth2Blueprint,
  type OAuth2BlueprintOptions,
} from '../../../src/consumer/oauth2-blueprint.js'
import { MemoryStorage } from '../../../src/storage/memory.js'
import { cookieHeader, testScope } from '../../support/scope.js'

const APP = 'https://app.example'

function make(options: Partial<OAuth2BlueprintOptions> = {}) {
  return makeOAuth2Blueprint({
    name: 'acme',
    clientId: 'client-1',
    clientSecret: 'secret-1',
    authorizationUrl: 'https://id.example/oauth/authorize?tenant=t1',
    tokenUrl: 'https://id.example/oauth/token',
    secret: 'unit-test-secret',
    ...options,
  })
}

async function login(blueprint: OAuth2Blueprint, path = '/login/acme') {
  const response = await blueprint.route(testScope(new Request(`${APP}${path}`)))
  expect(response?.status).toBe(302)
  return { response: response!, url: new URL(response!.headers.get('location')!) }
}

describe('the authorization request', () => {
  it('carries the required parameters, an exact redirect_uri, state and an S256 challenge', async () => {
    const { url, response } = await login(make({ scope: ['read', 'write'] }))
    expect(url.origin + url.pathname).toBe('https://id.example/oauth/authorize')
    const p = url.searchParams
    expect(p.get('tenant')).toBe('t1') // the endpoint's own query is kept
    expect(p.get('response_type')).toBe('code')
    expect(p.get('client_id')).toBe('client-1')
    expect(p.get('redirect_uri')).toBe(`${APP}/login/acme/authorized`)
    expect(p.get('scope')).toBe('read write')
    expect(p.get('state')).toMatch(/^[\w-]{32,}$/)
    expect(p.get('code_challenge')).toMatch(/^[\w-]{43}$/)
    expect(p.get('code_challenge_method')).toBe('S256')
    expect(p.has('code_verifier')).toBe(false)
    const cookie = response.headers.getSetCookie()[0]!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).not.toContain(p.get('state')!) // state is a handle, not stored in clear
  })

  it("keeps the endpoint's own query (a configured parameter takes its place) and fragment, in order", async () => {
    const blueprint = make({
      authorizationUrl: 'https://id.example/oauth/authorize?tenant=t1&prompt=none#kept',
      authorizationParams: { prompt: 'consent', extra: 'a b/c' },
    })
    for (let i = 0; i < 2; i++) {
      const { response, url } = await login(blueprint)
      const location = response.headers.get('location')!
      expect(url.hash).toBe('#kept')
      expect([...url.searchParams.keys()]).toEqual([
        'tenant',
        'prompt',
        'response_type',
        'client_id',
        'redirect_uri',
        'state',
        'code_challenge',
        'code_challenge_method',
        'extra',
      ])
      expect(url.searchParams.get('prompt')).toBe('consent')
      // Form-encoded, as URLSearchParams writes it, and nothing encoded twice.
      expect(location).toContain('&extra=a+b%2Fc#kept')
      expect(location).toContain(`redirect_uri=${encodeURIComponent(`${APP}/login/acme/authorized`)}&`)
    }
  })

  it('uses a fresh state and challenge for every login', async () => {
    const blueprint = make()
    const a = (await login(blueprint)).url.searchParams
    const b = (await login(blueprint)).url.searchParams
    expect(a.get('state')).not.toBe(b.get('state'))
    expect(a.get('code_challenge')).not.toBe(b.get('code_challenge'))
  })

  it('joins scopes with the provider separator, sends a string scope as is, and omits no scope', async () => {
    expect(
      (await login(make({ scope: ['a', 'b'], quirks: { scopeSeparator: ',' } }))).url.searchParams.get(
        'scope',
      ),
    ).toBe('a,b')
    expect((await login(make({ scope: 'x y:z' }))).url.searchParams.get('scope')).toBe('x y:z')
    expect((await login(make())).url.searchParams.has('scope')).toBe(false)
  })

  it('adds extra parameters, honours custom paths and an explicit redirect URL', async () => {
    const extra = await login(make({ authorizationParams: { prompt: 'consent', access_type: 'offline' } }))
    expect(extra.url.searchParams.get('prompt')).toBe('consent')
    expect(extra.url.searchParams.get('access_type')).toBe('offline')
    const prefixed = await login(make({ urlPrefix: '/auth/' }), '/auth/acme')
    expect(prefixed.url.searchParams.get('redirect_uri')).toBe(`${APP}/auth/acme/authorized`)
    const fixed = await login(make({ redirectUrl: 'https://public.example/cb' }))
    expect(fixed.url.searchParams.get('redirect_uri')).toBe('https://public.example/cb')
  })

  it('leaves out PKCE only when told to', async () => {
    const p = (await login(make({ pkce: false }))).url.searchParams
    expect(p.has('code_challenge')).toBe(false)
    expect(p.get('state')).toBeTruthy()
  })

  it('is not answered for other paths or methods', async () => {
    const blueprint = make()
    expect(await blueprint.route(testScope(new Request(`${APP}/login/acmex`)))).toBeUndefined()
    expect(
      await blueprint.route(testScope(new Request(`${APP}/login/acme`, { method: 'POST' }))),
    ).toBeUndefined()
  })
})

describe('the token request', () => {
  it('sends the code, the same redirect_uri and the verifier whose S256 is the challenge', async () => {
    const requests: Array<{ url: string; body: URLSearchParams; authorization: string | null }> = []
    const storage = new MemoryStorage({ singleUser: true })
    const blueprint = make({
      storage,
      redirectTo: '/home',
      fetch: async (input, init) => {
        requests.push({
          url: String(input instanceof Request ? input.url : input),
          body: new URLSearchParams(String(init?.body)),
          authorization: new Headers(init?.headers).get('authorization'),
        })
        return Response.json({ access_token: 'at-1', token_type: 'Bearer', expires_in: 60 })
      },
    })
    const { url, response } = await login(blueprint)
    const state = url.searchParams.get('state')!
    const callback = new Request(`${APP}/login/acme/authorized?code=the-code&state=${state}`, {
      headers: { cookie: cookieHeader(response) },
    })
    const done = await blueprint.route(testScope(callback))
    expect(done?.status).toBe(302)
    expect(done?.headers.get('location')).toBe('/home')
    expect(requests).toHaveLength(1)
    const [token] = requests
    expect(token!.url).toBe('https://id.example/oauth/token')
    expect(token!.body.get('grant_type')).toBe('authorization_code')
    expect(token!.body.get('code')).toBe('the-code')
    expect(token!.body.get('redirect_uri')).toBe(`${APP}/login/acme/authorized`)
    const verifier = token!.body.get('code_verifier')!
    expect(await oauth.calculatePKCECodeChallenge(verifier)).toBe(url.searchParams.get('code_challenge'))
    // client_secret_basic by default: the secret is in the header, not the body.
    expect(token!.authorization).toMatch(/^Basic /)
    expect(token!.body.has('client_secret')).toBe(false)
    expect(storage.get({ provider: 'acme' })).toMatchObject({ access_token: 'at-1', expires_in: 60 })
    expect(storage.get({ provider: 'acme' })?.expires_at).toBeTypeOf('number')
  })

  it('puts the secret in the body with client_secret_post', async () => {
    let body = new URLSearchParams()
    const blueprint = make({
      clientAuth: 'client_secret_post',
      storage: new MemoryStorage({ singleUser: true }),
      fetch: async (_input, init) => {
        body = new URLSearchParams(String(init?.body))
        return Response.json({ access_token: 'at', token_type: 'bearer' })
      },
    })
    const { url, response } = await login(blueprint)
    const callback = new Request(
      `${APP}/login/acme/authorized?code=c&state=${url.searchParams.get('state')}`,
      {
        headers: { cookie: cookieHeader(response) },
      },
    )
    expect((await blueprint.route(testScope(callback)))?.status).toBe(302)
    expect(body.get('client_id')).toBe('client-1')
    expect(body.get('client_secret')).toBe('secret-1')
  })

  it('returns to a safe `next` and ignores an unsafe one', async () => {
    const blueprint = make({
      storage: new MemoryStorage({ singleUser: true }),
      fetch: async () => Response.json({ access_token: 'at', token_type: 'bearer' }),
    })
    for (const [next, expected] of [
      ['/orders?page=2', '/orders?page=2'],
      ['https://evil.example/', '/'],
      ['//evil.example/', '/'],
    ] as const) {
      const { url, response } = await login(blueprint, `/login/acme?next=${encodeURIComponent(next)}`)
      const callback = new Request(
        `${APP}/login/acme/authorized?code=c&state=${url.searchParams.get('state')}`,
        {
          headers: { cookie: cookieHeader(response) },
        },
      )
      expect((await blueprint.route(testScope(callback)))?.headers.get('location'), next).toBe(expected)
    }
  })
})

describe('the RFC 9207 issuer parameter', () => {
  it('cannot be required without the issuer it is compared with (every login would fail)', () => {
    expect(() => make({ issuerParameterSupported: true })).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    )
    expect(() => make({ issuer: 'https://id.example', issuerParameterSupported: true })).not.toThrow()
  })
})
