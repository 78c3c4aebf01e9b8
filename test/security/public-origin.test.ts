/**
 * Issue 13.1: the callback origin is never chosen by a request header. An attacker who starts an
 * OAuth 1.0a login with a forged `Host` (or `X-Forwarded-Host` behind `trust proxy`) gets the app to
 * sign a callback on their own host; a provider that honours any signed callback (RFC 5849 does not
 * oblige it to pin one, and the stand-in does not) then sends the victim's verifier to the attacker,
 * who finishes the login at the real app as the victim. With a public origin configured the forged
 * login is refused; without one, a production blueprint refuses to start. The same rule covers OAuth 2
 * and OIDC redirect URIs and the OIDC post-logout URL.
 */
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import { makeOAuth1Blueprint } from '../../src/consumer/oauth1-blueprint.js'
import { makeOAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { makeOidcBlueprint } from '../../src/consumer/oidc-blueprint.js'
import { isDanceError } from '../../src/errors.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'
import { type OAuth1ProviderHandle, startOAuth1Provider } from '../support/oauth1-provider.js'
import { type OidcProviderHandle, startOidcProvider } from '../support/oidc-provider.js'

const ATTACKER = 'attacker.example'

interface RawAnswer {
  status: number
  location: string | undefined
  cookies: string[]
  body: string
}

/**
 * One request over real HTTP with whatever `Host` and headers the attacker likes (fetch refuses to
 * set `Host`); `cookies` are sent as the attacker's own jar.
 */
function raw(origin: string, path: string, headers: Record<string, string>, cookies: string[] = []) {
  const { hostname, port } = new URL(origin)
  return new Promise<RawAnswer>((resolve, reject) => {
    const req = httpRequest(
      {
        host: hostname,
        port,
        path,
        method: 'GET',
        headers: { ...headers, ...(cookies.length > 0 && { cookie: cookies.join('; ') }) },
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          body += chunk
        })
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!),
            body,
          }),
        )
      },
    )
    req.on('error', reject)
    req.end()
  })
}

describe('OAuth 1.0a: a forged Host cannot steer the signed callback', () => {
  let provider: OAuth1ProviderHandle
  let app: TestApp

  beforeAll(async () => {
    provider = await startOAuth1Provider({ consumers: [{ key: 'ck', secret: 'cs' }] })
    app = await startExpressApp((express, origin) => {
      // As the docs advise behind a proxy: Express then takes the host from X-Forwarded-Host.
      express.set('trust proxy', true)
      const blueprint = makeOAuth1Blueprint({
        name: 'twitter',
        consumerKey: 'ck',
        consumerSecret: 'cs',
        requestTokenUrl: provider.requestTokenUrl,
        authorizationUrl: provider.authorizationUrl,
        accessTokenUrl: provider.accessTokenUrl,
        baseUrl: provider.apiBaseUrl,
        allowInsecureRequests: true,
        // The one app-level setting, as a deployment sets it.
        env: { OAUTH_DANCE_PUBLIC_URL: origin },
      })
      express.use(dance(blueprint))
      express.get('/me', async (_req, res) => {
        if (!(await blueprint.client.authorized())) return void res.status(401).send('anonymous')
        const me = (await (await blueprint.client.get('me')).json()) as { name: string }
        res.send(me.name)
      })
    })
  })

  afterAll(async () => {
    await app?.close()
    await provider?.close()
  })

  it.each([
    ['a forged Host', { host: ATTACKER }],
    ['a forged X-Forwarded-Host under trust proxy', { 'x-forwarded-host': ATTACKER }],
  ])('refuses a login started with %s, and the attacker never gets the victim in', async (_, headers) => {
    // 1. The attacker starts a login at the real app, lying about the host.
    const start = await raw(app.origin, '/login/twitter', headers)
    let callbackHost: string | undefined
    let attackerCookies = start.cookies
    if (start.status === 302 && start.location) {
      // 2. The attacker sends the genuine provider URL to the victim, who approves it.
      const victim = new HttpBrowser()
      const authorizeUrl = new URL(start.location)
      await victim.fetch(authorizeUrl)
      const approved = await victim.fetch(new URL('/oauth/authorize', authorizeUrl), {
        method: 'POST',
        body: new URLSearchParams({
          oauth_token: authorizeUrl.searchParams.get('oauth_token')!,
          user: 'victim',
          decision: 'approve',
        }),
      })
      const callback = new URL(approved.headers.get('location')!)
      callbackHost = callback.hostname
      // 3. The attacker's host received the verifier: they finish the login at the real app.
      const finish = await raw(app.origin, `${callback.pathname}${callback.search}`, headers, attackerCookies)
      attackerCookies = [...attackerCookies, ...finish.cookies]
    }
    const attackerView = await raw(app.origin, '/me', {}, attackerCookies)

    expect(callbackHost).not.toBe(ATTACKER)
    // The provider, which honours any signed callback, was never handed one on the attacker's host.
    expect(provider.callbacks.filter((c) => new URL(c).hostname === ATTACKER)).toEqual([])
    expect(attackerView.body).not.toBe('Victim')
    expect(attackerView.status).toBe(401)
    expect(start.status).toBe(400)
    expect(start.body).toContain('origin_not_allowed')
  })

  it('builds the callback on the public origin, so the victim’s verifier goes to the app, not the attacker', async () => {
    // The attacker can still start an honest login and send its provider URL to a victim...
    const start = await raw(app.origin, '/login/twitter', {})
    expect(start.status).toBe(302)
    const victim = new HttpBrowser()
    const authorizeUrl = new URL(start.location!)
    const approved = await victim.fetch(new URL('/oauth/authorize', authorizeUrl), {
      method: 'POST',
      body: new URLSearchParams({
        oauth_token: authorizeUrl.searchParams.get('oauth_token')!,
        user: 'victim',
        decision: 'approve',
      }),
    })
    // ...but the verifier comes back to the app in the victim's browser, which holds no transaction.
    const callback = new URL(approved.headers.get('location')!)
    expect(callback.origin).toBe(app.origin)
    expect(provider.callbacks.at(-1)).toBe(`${app.origin}/login/twitter/authorized`)
    const landed = await victim.fetch(callback)
    expect(landed.status).toBe(400)
    expect((await victim.fetch(`${app.origin}/me`)).status).toBe(401)
    expect((await raw(app.origin, '/me', {}, start.cookies)).status).toBe(401)
  })
})

describe('a blueprint whose callback origin nothing pins', () => {
  const oauth1 = (env: Record<string, string>, extra: { publicUrl?: string; redirectUrl?: string } = {}) =>
    makeOAuth1Blueprint({
      name: 'unpinned-oauth1',
      consumerKey: 'ck',
      consumerSecret: 'cs',
      requestTokenUrl: 'https://provider.example/request_token',
      authorizationUrl: 'https://provider.example/authorize',
      accessTokenUrl: 'https://provider.example/access_token',
      baseUrl: 'https://provider.example/',
      env,
      ...extra,
    })
  const oauth2 = (env: Record<string, string>) =>
    makeOAuth2Blueprint({
      name: 'unpinned-oauth2',
      clientId: 'id',
      clientSecret: 'secret',
      authorizationUrl: 'https://provider.example/authorize',
      tokenUrl: 'https://provider.example/token',
      env,
    })

  it('refuses to start in production (OAuth 1, OAuth 2 and OIDC)', () => {
    const production = { NODE_ENV: 'production' }
    for (const make of [
      () => oauth1(production),
      () => oauth2(production),
      () =>
        makeOidcBlueprint({
          name: 'unpinned-oidc',
          issuer: 'https://op.example',
          clientId: 'id',
          env: production,
        }),
    ]) {
      expect(make).toThrow(expect.objectContaining({ code: 'config_invalid' }))
    }
  })

  it('refuses to start when NODE_ENV says production in another casing or with spaces (Host header forgery)', () => {
    for (const NODE_ENV of ['Production', ' production\n', 'PRODUCTION', 'prod']) {
      expect(() => oauth2({ NODE_ENV }), NODE_ENV).toThrow(
        expect.objectContaining({ code: 'config_invalid' }),
      )
    }
  })

  it('starts in production once the app names its public origin or a fixed callback URL', () => {
    expect(() =>
      oauth1({ NODE_ENV: 'production', OAUTH_DANCE_PUBLIC_URL: 'https://app.example' }),
    ).not.toThrow()
    expect(() => oauth1({ NODE_ENV: 'production' }, { publicUrl: 'https://app.example' })).not.toThrow()
    expect(() =>
      oauth1({ NODE_ENV: 'production' }, { redirectUrl: 'https://app.example/login/x/authorized' }),
    ).not.toThrow()
  })

  it.each(['app.example', 'ftp://app.example', 'https://app.example/base', 'https://u:p@app.example'])(
    'refuses the public URL %j',
    (publicUrl) => {
      expect(() => oauth1({}, { publicUrl })).toThrow(expect.objectContaining({ code: 'config_invalid' }))
    },
  )

  it('reads an allow-list from OAUTH_DANCE_PUBLIC_URL and refuses every other origin', () => {
    const blueprint = oauth1({
      NODE_ENV: 'production',
      OAUTH_DANCE_PUBLIC_URL: 'https://a.example, https://b.example/',
    })
    expect(blueprint.redirectUri(new Request('https://b.example/login/unpinned-oauth1'))).toBe(
      'https://b.example/login/unpinned-oauth1/authorized',
    )
    for (const url of ['https://c.example/', 'http://a.example/', 'https://a.example:8443/']) {
      expect(() => blueprint.redirectUri(new Request(url))).toThrow(
        expect.objectContaining({ code: 'origin_not_allowed', status: 400 }),
      )
    }
  })

  it('warns loudly, once, in development', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      oauth1({ NODE_ENV: 'development' })
      oauth1({ NODE_ENV: 'development' })
      const said = warn.mock.calls.filter(([m]) => String(m).includes('unpinned-oauth1'))
      expect(said).toHaveLength(1)
      expect(String(said[0]![0])).toContain('OAUTH_DANCE_PUBLIC_URL')
    } finally {
      warn.mockRestore()
    }
  })
})

describe('OAuth 2 and OIDC: redirect URIs and the post-logout URL on allowed origins only', () => {
  let op: OidcProviderHandle
  let app: TestApp
  let other: string

  beforeAll(async () => {
    app = await startExpressApp()
    // The same server under a second name: an allow-list of two origins, as an app with two domains.
    other = app.origin.replace('127.0.0.1', 'localhost')
    op = await startOidcProvider({
      clients: [
        {
          client_id: 'rp',
          client_secret: 'rp-secret',
          redirect_uris: [`${app.origin}/login/oidc/authorized`],
          post_logout_redirect_uris: [`${app.origin}/bye`],
        },
      ],
    })
    const oauth2 = makeOAuth2Blueprint({
      name: 'plain',
      clientId: 'id',
      clientSecret: 'secret',
      authorizationUrl: `${op.issuer}/auth`,
      tokenUrl: `${op.issuer}/token`,
      allowInsecureRequests: true,
      publicUrl: [app.origin, other],
    })
    const oidc = makeOidcBlueprint({
      name: 'oidc',
      issuer: op.issuer,
      clientId: 'rp',
      clientSecret: 'rp-secret',
      allowInsecureRequests: true,
      env: { OAUTH_DANCE_PUBLIC_URL: app.origin },
    })
    app.app.use(dance(oauth2, oidc))
    app.app.get('/logout', async (_req, res) => {
      try {
        res.redirect(await oidc.logoutUrl({ postLogoutRedirectUrl: '/bye' }))
      } catch (error) {
        if (!isDanceError(error)) throw error
        res.status(error.status).send(error.code)
      }
    })
  })

  afterAll(async () => {
    await app?.close()
    await op?.close()
  })

  it.each([
    ['a forged Host', { host: ATTACKER }],
    ['a Host the allow-list does not name', { host: 'localhost.attacker.example' }],
  ])('refuses an OAuth 2 and an OIDC login asked for on %s', async (_, headers) => {
    for (const path of ['/login/plain', '/login/oidc']) {
      const start = await raw(app.origin, path, headers)
      expect(start.location ?? '').not.toContain(ATTACKER)
      expect(start.status).toBe(400)
      expect(start.body).toContain('origin_not_allowed')
    }
  })

  it('builds the redirect URI on the allowed origin the login came to', async () => {
    for (const origin of [app.origin, other]) {
      const start = await raw(origin, '/login/plain', {})
      expect(start.status).toBe(302)
      const redirectUri = new URL(start.location!).searchParams.get('redirect_uri')
      expect(redirectUri).toBe(`${origin}/login/plain/authorized`)
    }
    const oidc = await raw(app.origin, '/login/oidc', {})
    expect(new URL(oidc.location!).searchParams.get('redirect_uri')).toBe(
      `${app.origin}/login/oidc/authorized`,
    )
  })

  it('puts a relative post-logout URL on the public origin, never on a forged Host', async () => {
    const honest = await raw(app.origin, '/logout', {})
    expect(honest.status).toBe(302)
    expect(new URL(honest.location!).searchParams.get('post_logout_redirect_uri')).toBe(`${app.origin}/bye`)
    const forged = await raw(app.origin, '/logout', { host: ATTACKER })
    expect(forged.location ?? '').not.toContain(ATTACKER)
    expect(forged.status).toBe(400)
    expect(forged.body).toBe('origin_not_allowed')
  })
})
