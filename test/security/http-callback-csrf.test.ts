/**
 * Outside review, login CSRF through the http:// callback. With the public URL pinned to https, an
 * attacker who starts a login as themself, approves it, and plants their sealed transaction value
 * under the unprefixed cookie name (tossed from a sibling subdomain over http, or injected into any
 * http response) must not be able to finish that login in the victim's browser by sending it to
 * `http://app/login/<p>/authorized?code&state`. Three locks, each tested: the callback refuses a
 * request that did not come to a public origin (`origin_not_allowed`); with an https public URL the
 * transaction cookie is always the `__Host-` one; and the cookie name is in the AES-GCM AAD, so a
 * value cannot move to another name even where both are read (development, nothing pinned).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import { makeOAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import type { DanceError } from '../../src/errors.js'
import { type EvilProvider, startEvilProvider } from '../support/evil-provider.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'

/** What a TLS-terminating proxy adds on https requests, and on plain http ones (Heroku, ALB, nginx). */
const PROXY_HTTPS = { 'x-forwarded-proto': 'https' }
const PROXY_HTTP = { 'x-forwarded-proto': 'http' }
const SECRET = 'Kp4xW9zQ2mLr7TvB3nHc8YfJ1dGs6UaE0oRi5Np'

interface CsrfApp {
  app: TestApp
  errors: DanceError[]
}

/** An Express app behind a (simulated) TLS proxy, one `evil` blueprint, `/me` calling the provider. */
async function startApp(evil: EvilProvider, pinHttps: boolean): Promise<CsrfApp> {
  const errors: DanceError[] = []
  const app = await startExpressApp((express, origin) => {
    express.set('trust proxy', 1) // as docs/security.md §2 says
    const blueprint = makeOAuth2Blueprint({
      name: 'evil',
      clientId: evil.clientId,
      clientSecret: evil.clientSecret,
      authorizationUrl: evil.authorizationUrl,
      tokenUrl: evil.tokenUrl,
      baseUrl: evil.apiBaseUrl,
      issuer: evil.issuer,
      allowInsecureRequests: true,
      secret: SECRET,
      ...(pinHttps ? { publicUrl: origin.replace('http:', 'https:') } : {}),
      hooks: { error: ({ error }) => void errors.push(error) },
      // default storage: the session
    })
    express.use(dance(blueprint))
    express.get('/me', async (_req, res) => {
      if (!(await blueprint.client.authorized())) return void res.status(401).send('anonymous')
      res.json(await (await blueprint.client.get('me')).json())
    })
  })
  return { app, errors }
}

/** The attacker's half: an https login approved as `mallory`, stopped before the callback. */
async function attackerLogin(evil: EvilProvider, origin: string) {
  const attacker = new HttpBrowser()
  const login = await attacker.fetch(`${origin}/login/evil`, { headers: PROXY_HTTPS })
  expect(login.status).toBe(302)
  const jar = attacker.cookies.get(new URL(origin).host)!
  const [name, value] = [...jar].find(([n]) => n.includes('oauth-dance-tx.'))!
  const callback = await evil.authorize(login.headers.get('location')!, 'mallory')
  return { name, value, callback }
}

describe.each([
  ['the public URL is pinned to https', true],
  ['nothing is pinned (development)', false],
] as const)('a tossed unprefixed cookie and an http:// callback, when %s', (_label, pinHttps) => {
  let evil: EvilProvider
  let csrf: CsrfApp

  beforeAll(async () => {
    evil = await startEvilProvider()
    csrf = await startApp(evil, pinHttps)
  })
  afterAll(async () => {
    await csrf?.app.close()
    await evil?.close()
  })

  it('are refused: the victim is not logged in as the attacker', async () => {
    const { origin } = csrf.app
    const { name, value, callback } = await attackerLogin(evil, origin)
    expect(name).toMatch(/^__Host-oauth-dance-tx\./)
    expect(callback.protocol).toBe('https:')

    const victim = new HttpBrowser()
    expect((await victim.fetch(`${origin}/me`, { headers: PROXY_HTTPS })).status).toBe(401)
    // Cookie tossing: the same value under the name without the prefix, which any host can set.
    victim.cookies.get(new URL(origin).host)!.set(name.replace(/^__Host-/, ''), value)
    csrf.errors.length = 0
    const landed = await victim.fetch(`${origin}${callback.pathname}${callback.search}`, {
      headers: PROXY_HTTP,
    })
    expect(landed.status).toBe(400)
    expect(csrf.errors.map((e) => e.code)).toEqual([pinHttps ? 'origin_not_allowed' : 'transaction_invalid'])
    // The tossed cookie is deleted on the way out, and the victim's session holds no token.
    expect(landed.headers.getSetCookie().some((c) => /^oauth-dance-tx\.\d=;.*Max-Age=0/.test(c))).toBe(true)
    expect((await victim.fetch(`${origin}/me`, { headers: PROXY_HTTPS })).status).toBe(401)
  })

  it('leave the honest https login working', async () => {
    const { origin } = csrf.app
    const user = new HttpBrowser()
    const login = await user.fetch(`${origin}/login/evil`, { headers: PROXY_HTTPS })
    const callback = await evil.authorize(login.headers.get('location')!, 'alice')
    const done = await user.fetch(`${origin}${callback.pathname}${callback.search}`, { headers: PROXY_HTTPS })
    expect(done.status).toBe(302)
    const me = await user.fetch(`${origin}/me`, { headers: PROXY_HTTPS })
    expect(me.status).toBe(200)
    expect(JSON.stringify(await me.json())).toContain('alice')
  })
})

describe('with an https public URL, the cookie name does not follow the request scheme', () => {
  let evil: EvilProvider
  let csrf: CsrfApp

  beforeAll(async () => {
    evil = await startEvilProvider()
    csrf = await startApp(evil, true)
  })
  afterAll(async () => {
    await csrf?.app.close()
    await evil?.close()
  })

  it('a login the app sees as http is refused; a failed callback clears with the __Host- attributes', async () => {
    // Without X-Forwarded-Proto the app sees http and refuses the login (not its public origin)...
    const bare = await new HttpBrowser().fetch(`${csrf.app.origin}/login/evil`)
    expect(bare.status).toBe(400)
    // ...and a failed callback clears the prefixed slot with its Secure attributes.
    const forged = await new HttpBrowser().fetch(`${csrf.app.origin}/login/evil/authorized?state=x&code=y`, {
      headers: { ...PROXY_HTTPS, cookie: '__Host-oauth-dance-tx.0=1.x.y' },
    })
    expect(forged.status).toBe(400)
    expect(forged.headers.getSetCookie().join('\n')).toMatch(/^__Host-oauth-dance-tx\.0=;.*Secure/m)
  })
})

describe('with only a fixed https redirectUrl, the cookie follows its scheme', () => {
  let evil: EvilProvider
  let app: TestApp

  beforeAll(async () => {
    evil = await startEvilProvider()
    app = await startExpressApp((express, origin) => {
      express.use(
        dance(
          makeOAuth2Blueprint({
            name: 'evil',
            clientId: evil.clientId,
            clientSecret: evil.clientSecret,
            authorizationUrl: evil.authorizationUrl,
            tokenUrl: evil.tokenUrl,
            allowInsecureRequests: true,
            secret: SECRET,
            redirectUrl: `${origin.replace('http:', 'https:')}/login/evil/authorized`,
          }),
        ),
      )
    })
  })
  afterAll(async () => {
    await app?.close()
    await evil?.close()
  })

  it('a login the app sees as http (no trust proxy) still writes the __Host- Secure cookie', async () => {
    const login = await fetch(`${app.origin}/login/evil`, { redirect: 'manual' })
    expect(login.status).toBe(302)
    const line = login.headers.getSetCookie().find((l) => l.includes('oauth-dance-tx.'))!
    expect(line).toMatch(/^__Host-oauth-dance-tx\.[0-2]=[^;]+;.*Secure/)
  })
})
