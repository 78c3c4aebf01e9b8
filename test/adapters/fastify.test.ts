import { setTimeout as sleep } from 'node:timers/promises'
import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/fastify.js'
import type { OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { isDanceError } from '../../src/errors.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { HttpBrowser } from '../support/http-browser.js'
import type { OidcProviderHandle } from '../support/oidc-provider.js'
import { fastifyOn, type Listening, listen, localBlueprint, startProviderFor } from './apps.js'

let op: OidcProviderHandle
let listening: Listening
let app: FastifyInstance
let blueprint: OAuth2Blueprint

beforeAll(async () => {
  const server = await listen()
  listening = server
  op = await startProviderFor(server.origin)
  blueprint = localBlueprint(op, { regenerateSession: true })
  app = fastifyOn(server)
  // Routes before the plugin: its hooks must still apply to them (skip-override).
  app.get('/', async (_request, reply) => {
    if (!(await blueprint.client.authorized())) return reply.redirect('/login/local')
    const me = (await (await blueprint.client.get('/me')).json()) as { name: string }
    return `Hello ${me.name}`
  })
  await app.register(fastifyCookie)
  await app.register(fastifySession, {
    secret: 'a-fastify-session-secret-of-32-characters-or-more',
    cookie: { secure: false },
  })
  await app.register(dance(blueprint))
  app.get('/who', async (request) => {
    // A random pause lets concurrent requests interleave; each must still see its own token.
    await sleep(Math.random() * 20)
    const me = (await (await blueprint.client.get('/me')).json()) as { sub: string }
    return { sub: me.sub, asked: (request.query as { as?: string }).as }
  })
  app.post('/echo', async (request) => {
    // Body parsing is asynchronous; the scope opened in onRequest must survive it.
    const token = await blueprint.client.token()
    return { body: request.body, hasToken: token !== undefined }
  })
  await app.ready()
})

afterAll(async () => {
  await app?.close()
  await listening?.close()
  await op?.close()
})

async function loggedIn(login: string): Promise<HttpBrowser> {
  const browser = new HttpBrowser()
  const callback = await browser.loginWithOidcProvider(
    `${listening.origin}/login/local`,
    login,
    listening.origin,
  )
  expect(callback.status).toBe(302)
  return browser
}

describe('the Fastify adapter', () => {
  it('does the whole dance and calls the API in a route registered before the plugin', async () => {
    const browser = new HttpBrowser()
    const first = await browser.fetch(`${listening.origin}/`)
    expect(first.status).toBe(302)
    const sessionCookie = () => browser.cookies.get(new URL(listening.origin).host)?.get('sessionId')
    const before = sessionCookie()
    expect(before).toBeDefined()
    const login = await browser.fetch(`${listening.origin}/login/local?next=/who`)
    expect(login.status).toBe(302)
    const authUrl = new URL(login.headers.get('location')!)
    expect(authUrl.origin).toBe(op.issuer)
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256')
    expect(authUrl.searchParams.get('redirect_uri')).toBe(`${listening.origin}/login/local/authorized`)
    expect(login.headers.getSetCookie().some((c) => c.startsWith('oauth-dance-tx.'))).toBe(true)
    const callback = await browser.loginWithOidcProvider(
      `${listening.origin}/login/local`,
      'alice',
      listening.origin,
    )
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe('/')
    expect(callback.headers.get('cache-control')).toBe('no-store')
    expect(callback.headers.get('referrer-policy')).toBe('no-referrer')
    // Both the cleared transaction cookie and the session cookie (set by @fastify/session's hook).
    const names = callback.headers.getSetCookie().map((c) => c.split('=')[0])
    expect(names).toContain('sessionId')
    expect(names.some((n) => n?.startsWith('oauth-dance-tx.'))).toBe(true)
    // regenerateSession: a new session id after login (fixation), with the token kept in it.
    expect(sessionCookie()).toBeDefined()
    expect(sessionCookie()).not.toBe(before)
    const home = await browser.follow(`${listening.origin}/`)
    expect(home.response.status).toBe(200)
    expect(await home.response.text()).toBe('Hello User alice')
  })

  it('rejects a forged callback with 400 and stores nothing', async () => {
    const browser = new HttpBrowser()
    await browser.fetch(`${listening.origin}/login/local`)
    const response = await browser.fetch(`${listening.origin}/login/local/authorized?state=forged&code=x`)
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('transaction_missing')
    const home = await browser.fetch(`${listening.origin}/`)
    expect(home.status).toBe(302)
  })

  it('reads a posted callback (form_post) through its own form parser', async () => {
    const browser = new HttpBrowser()
    const response = await browser.fetch(`${listening.origin}/login/local/authorized`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'state=posted-but-unknown&code=x',
    })
    // The state was read from the body (no state would be state_missing).
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('transaction_missing')
  })

  it('keeps concurrent requests of different users apart', async () => {
    const [alice, bob] = await Promise.all([loggedIn('alice'), loggedIn('bob')])
    const calls = Array.from({ length: 24 }, (_, i) => {
      const [who, browser] = i % 2 === 0 ? ['alice', alice] : ['bob', bob]
      return browser
        .fetch(`${listening.origin}/who?as=${who}`)
        .then((r) => r.json() as Promise<{ sub: string; asked: string }>)
    })
    const answers = await Promise.all(calls)
    for (const answer of answers) expect(answer.sub).toBe(answer.asked)
  })

  it('keeps the scope in handlers that run after body parsing', async () => {
    const alice = await loggedIn('alice')
    const response = await alice.fetch(`${listening.origin}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hi: 1 }),
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ body: { hi: 1 }, hasToken: true })
  })

  it('refuses duplicate blueprint names', () => {
    const storage = new MemoryStorage({ singleUser: true })
    expect(() => dance(localBlueprint(op, { storage }), localBlueprint(op, { storage }))).toThrow(
      expect.objectContaining({ code: 'duplicate_blueprint' }),
    )
  })

  it('fails ready() when tokens go to the session and the app has none', async () => {
    const bare = Fastify()
    await bare.register(dance(localBlueprint(op)))
    const error = await bare.ready().then(
      () => undefined,
      (e: unknown) => e,
    )
    await bare.close()
    expect(isDanceError(error, 'session_unavailable')).toBe(true)
  })
})
