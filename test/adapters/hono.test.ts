import { setTimeout as sleep } from 'node:timers/promises'
import { type Context, Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/hono.js'
import type { OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { HttpBrowser } from '../support/http-browser.js'
import type { OidcProviderHandle } from '../support/oidc-provider.js'
import { type Listening, listen, localBlueprint, serveHono, startProviderFor } from './apps.js'

let op: OidcProviderHandle
let listening: Listening
let blueprint: OAuth2Blueprint
const storage = new MemoryStorage({ singleUser: true })

beforeAll(async () => {
  const server = await listen()
  listening = server
  op = await startProviderFor(server.origin)
  // Hono has no session: tokens go to a multi-user storage, keyed by the app's own user (a test cookie).
  blueprint = localBlueprint(op, {
    storage,
    user: ({ native }) => getCookie(native as Context, 'uid'),
    userRequired: true,
  })
  const app = new Hono()
  app.use(dance(blueprint))
  app.get('/signin', (c) => {
    setCookie(c, 'uid', c.req.query('as') ?? '', { httpOnly: true, path: '/' })
    return c.text('ok')
  })
  app.get('/', async (c) => {
    if (!(await blueprint.client.authorized())) return c.redirect('/login/local')
    const me = (await (await blueprint.client.get('/me')).json()) as { name: string }
    return c.text(`Hello ${me.name}`)
  })
  app.get('/who', async (c) => {
    await sleep(Math.random() * 20)
    const me = (await (await blueprint.client.get('/me')).json()) as { sub: string }
    return c.json({ sub: me.sub, asked: c.req.query('as') })
  })
  serveHono(server, app)
})

afterAll(async () => {
  await listening?.close()
  await op?.close()
})

async function loggedIn(login: string): Promise<HttpBrowser> {
  const browser = new HttpBrowser()
  await browser.fetch(`${listening.origin}/signin?as=${login}`)
  const callback = await browser.loginWithOidcProvider(
    `${listening.origin}/login/local`,
    login,
    listening.origin,
  )
  expect(callback.status).toBe(302)
  return browser
}

describe('the Hono adapter', () => {
  it('does the whole dance and stores the token under the app user', async () => {
    const browser = new HttpBrowser()
    await browser.fetch(`${listening.origin}/signin?as=carol`)
    const first = await browser.fetch(`${listening.origin}/`)
    expect(first.status).toBe(302)
    expect(first.headers.get('location')).toBe('/login/local')
    const login = await browser.fetch(`${listening.origin}/login/local`)
    expect(login.status).toBe(302)
    const authUrl = new URL(login.headers.get('location')!)
    expect(authUrl.origin).toBe(op.issuer)
    expect(authUrl.searchParams.get('redirect_uri')).toBe(`${listening.origin}/login/local/authorized`)
    const callback = await browser.loginWithOidcProvider(
      `${listening.origin}/login/local`,
      'carol',
      listening.origin,
    )
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe('/')
    expect(callback.headers.get('cache-control')).toBe('no-store')
    expect(callback.headers.getSetCookie().some((c) => /^oauth-dance-tx\.\d=;/.test(c))).toBe(true)
    expect(storage.get({ provider: 'local', userId: 'carol' })?.access_token).toEqual(expect.any(String))
    const home = await browser.follow(`${listening.origin}/`)
    expect(home.response.status).toBe(200)
    expect(await home.response.text()).toBe('Hello User carol')
  })

  it('rejects a forged callback with 400 and stores nothing', async () => {
    const browser = new HttpBrowser()
    await browser.fetch(`${listening.origin}/signin?as=mallory`)
    await browser.fetch(`${listening.origin}/login/local`)
    const response = await browser.fetch(`${listening.origin}/login/local/authorized?state=forged&code=x`)
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('transaction_missing')
    expect(storage.get({ provider: 'local', userId: 'mallory' })).toBeUndefined()
  })

  it('reads a posted callback and refuses an oversized one', async () => {
    const post = (body: string) =>
      fetch(`${listening.origin}/login/local/authorized`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      })
    const small = await post('state=posted-but-unknown&code=x')
    expect(small.status).toBe(400)
    expect(await small.text()).toContain('transaction_missing')
    const large = await post(`state=s&code=${'x'.repeat(70 * 1024)}`)
    expect(large.status).toBe(400)
    expect(await large.text()).toContain('too large')
  })

  it('keeps concurrent requests of different users apart', async () => {
    const [alice, bob] = await Promise.all([loggedIn('alice'), loggedIn('bob')])
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => {
        const [who, browser] = i % 2 === 0 ? ['alice', alice] : ['bob', bob]
        return browser
          .fetch(`${listening.origin}/who?as=${who}`)
          .then((r) => r.json() as Promise<{ sub: string; asked: string }>)
      }),
    )
    for (const answer of answers) expect(answer.sub).toBe(answer.asked)
  })

  it('refuses session storage without a session, and duplicate names', () => {
    expect(() => dance(localBlueprint(op))).toThrow(expect.objectContaining({ code: 'session_unavailable' }))
    expect(() => dance(localBlueprint(op, { storage }), localBlueprint(op, { storage }))).toThrow(
      expect.objectContaining({ code: 'duplicate_blueprint' }),
    )
  })
})
