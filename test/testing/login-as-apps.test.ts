/**
 * `loginAs` reaches every kind of app the kit promises (a Fastify instance through `inject`, a Hono app
 * through `fetch`, a running app by URL) and the generic stand-ins serve plain OAuth 2, OpenID Connect
 * and OAuth 1.0a blueprints, each through a whole login and an API call.
 */
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import express from 'express'
import session from 'express-session'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { dance as expressDance } from '../../src/adapters/express.js'
import { dance as fastifyDance } from '../../src/adapters/fastify.js'
import { dance as honoDance } from '../../src/adapters/hono.js'
import type { Blueprint } from '../../src/consumer/blueprint.js'
import { makeOAuth1Blueprint } from '../../src/consumer/oauth1-blueprint.js'
import { makeOAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { makeOidcBlueprint } from '../../src/consumer/oidc-blueprint.js'
import type { SessionPort } from '../../src/context.js'
import { makeGithubBlueprint } from '../../src/providers/github.js'
import { closeTestApps, loginAs, type StandIn, startStandIn } from '../../src/testing/index.js'

const secret = 'login-as-apps-transaction-secret-0123456789'
const opened: StandIn[] = []
/** Closes the stand-in after the test. */
function track<S extends StandIn>(standIn: S): S {
  opened.push(standIn)
  return standIn
}
async function standInFor(provider: string): Promise<StandIn> {
  return track(await startStandIn(provider))
}
afterEach(async () => {
  for (const standIn of opened.splice(0)) await standIn.close()
})
afterAll(() => closeTestApps())

/** An Express app with one blueprint and a route that answers the API's view of the user. */
function expressApp(blueprint: Blueprint, apiPath: string): express.Express {
  const app = express()
  app.use(session({ secret: 'login-as-apps-session', resave: false, saveUninitialized: false }))
  app.use(expressDance(blueprint))
  app.get('/me', async (_req, res) => {
    const answer = await blueprint.client.get(apiPath)
    res.status(answer.status).send(await answer.text())
  })
  return app
}

describe('loginAs reaches every kind of app', () => {
  it('a Fastify instance, through inject (no port)', async () => {
    const standIn = await standInFor('github')
    const blueprint = makeGithubBlueprint({ ...standIn.options, secret })
    const app = Fastify()
    await app.register(fastifyCookie)
    await app.register(fastifySession, {
      secret: 'a-fastify-session-secret-of-32-characters-or-more',
      cookie: { secure: false },
    })
    await app.register(fastifyDance(blueprint))
    app.get('/me', async () => (await blueprint.client.get('/user')).json())
    const alice = await loginAs(app, 'github', 'alice')
    expect(alice.response.status).toBe(302)
    expect(await (await alice.get('/me')).json()).toMatchObject({ login: 'alice' })
    expect(app.server.listening).toBe(false)
    await app.close()
  })

  it('a Hono app, through fetch, with its own cookie session', async () => {
    const standIn = await standInFor('github')
    const blueprint = makeGithubBlueprint({ ...standIn.options, secret })
    const sessions = new Map<string, SessionPort>()
    const app = new Hono<{ Variables: { sid: string } }>()
    app.use(async (c, next) => {
      let sid = getCookie(c, 'sid')
      if (!sid || !sessions.has(sid)) {
        sid = randomUUID()
        sessions.set(sid, new Map())
        setCookie(c, 'sid', sid, { httpOnly: true, path: '/' })
      }
      c.set('sid', sid)
      await next()
    })
    app.use(honoDance(blueprint, { session: (c) => sessions.get(c.get('sid') as string) }))
    app.get('/me', async (c) => c.json(await (await blueprint.client.get('/user')).json()))
    const bob = await loginAs(app, 'github', 'bob', { origin: 'https://app.example' })
    expect(bob.response.headers.get('location')).toMatch(/^(https:\/\/app\.example)?\//)
    expect(await (await bob.get('/me')).json()).toMatchObject({ login: 'bob' })
  })

  it('a running app, by URL; `next` comes back as the redirect', async () => {
    const standIn = await standInFor('github')
    const app = expressApp(makeGithubBlueprint({ ...standIn.options, secret }), '/user')
    const server = createServer(app).listen(0, '127.0.0.1')
    await once(server, 'listening')
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const carol = await loginAs(origin, 'github', 'carol', { next: '/me' })
      expect(carol.response.headers.get('location')).toBe('/me')
      expect(await (await carol.get('/me')).json()).toMatchObject({ login: 'carol' })
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })

  it('a POST-only login: the button on an app page is submitted with its CSRF token', async () => {
    const standIn = await standInFor('github')
    const blueprint = makeGithubBlueprint({ ...standIn.options, secret, loginRequiresPost: true })
    const app = expressApp(blueprint, '/user')
    app.get('/welcome', (_req, res) => {
      res.type('html').send(`<h1>Hi</h1>${blueprint.loginForm({ next: '/me' }).html}`)
    })
    // The plain link is refused; the form on the page is how a browser logs in.
    await expect(loginAs(app, 'github', 'grace')).rejects.toMatchObject({ code: 'test_login_failed' })
    const grace = await loginAs(app, 'github', 'grace', { loginFrom: '/welcome' })
    expect(grace.response.headers.get('location')).toBe('/me')
    expect(await (await grace.get('/me')).json()).toMatchObject({ login: 'grace' })
  })

  it("a test user's cookies go to the app only: a request to another origin is refused, nothing sent", async () => {
    const standIn = await standInFor('github')
    const server = createServer(expressApp(makeGithubBlueprint({ ...standIn.options, secret }), '/user'))
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const seen: Array<string | undefined> = []
    const other = createServer((req, res) => {
      seen.push(req.headers.cookie)
      res.end('ok')
    }).listen(0, '127.0.0.1')
    await once(other, 'listening')
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const alice = await loginAs(origin, 'github', 'alice')
      expect(alice.cookie('connect.sid')).toBeDefined()
      // The app under test redirected off-site (a provider's logout page, an open redirect): following it
      // must not hand alice's session to that host.
      const elsewhere = `http://localhost:${(other.address() as AddressInfo).port}/steal`
      await expect(alice.get(elsewhere)).rejects.toMatchObject({ code: 'config_invalid' })
      expect(seen).toEqual([])
    } finally {
      for (const open of [server, other]) {
        open.closeAllConnections()
        open.close()
      }
    }
  })

  it('throws test_login_failed when the blueprint does not point at the stand-in', async () => {
    await standInFor('github')
    const app = expressApp(makeGithubBlueprint({ clientId: 'x', clientSecret: 'y', secret }), '/user')
    await expect(loginAs(app, 'github', 'alice')).rejects.toMatchObject({ code: 'test_login_failed' })
  })
})

describe('generic stand-ins', () => {
  it('plain OAuth 2', async () => {
    const standIn = track(await startStandIn('oauth2', { name: 'acme' }))
    standIn.route('GET /me', ({ user }) => ({ id: user.sub, login: user.login }))
    const app = expressApp(
      makeOAuth2Blueprint({
        ...standIn.options,
        secret,
      }),
      '/me',
    )
    const alice = await loginAs(app, 'acme', 'alice')
    expect(await (await alice.get('/me')).json()).toMatchObject({ login: 'alice' })
  })

  it('OpenID Connect: discovery, a signed ID token, UserInfo', async () => {
    const standIn = track(await startStandIn('oidc', { name: 'corp' }))
    standIn.route('GET /me', ({ user }) => ({ email: user.email }))
    const blueprint = makeOidcBlueprint({ ...standIn.options, secret })
    const app = expressApp(blueprint, '/me')
    app.get('/claims', async (_req, res) => res.json(await blueprint.idTokenClaims()))
    const dave = await loginAs(app, 'corp', 'dave')
    expect(await (await dave.get('/me')).json()).toEqual({ email: 'dave@example.test' })
    const claims = (await (await dave.get('/claims')).json()) as Record<string, unknown>
    expect(claims).toMatchObject({
      iss: standIn.origin,
      aud: standIn.options.clientId,
      preferred_username: 'dave',
    })
    expect(standIn.events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['discovery', 'jwks', 'token', 'api']),
    )
  })

  it('OAuth 1.0a: signed requests all the way, a denial ends on the error path', async () => {
    const standIn = track(await startStandIn('oauth1', { name: 'legacy' }))
    standIn.route('GET /account', ({ user }) => ({ screen_name: user.login }))
    const blueprint = makeOAuth1Blueprint({
      ...standIn.options,
      secret,
    })
    const app = expressApp(blueprint, '/account')
    const erin = await loginAs(app, 'legacy', 'erin')
    const account = await erin.get('/me')
    expect(account.status).toBe(200)
    expect(await account.json()).toEqual({ screen_name: 'erin' })
    const frank = await loginAs(app, 'legacy', 'frank', { deny: true })
    expect(frank.response.status).toBeGreaterThanOrEqual(400)
    expect(standIn.events.filter((e) => e.kind === 'api' && e.problem === undefined)).toHaveLength(1)
  })

  it('a wrong client secret is refused like a real provider refuses it', async () => {
    const standIn = await standInFor('github')
    const app = expressApp(
      makeGithubBlueprint({ ...standIn.options, clientSecret: 'not-it', secret }),
      '/user',
    )
    await expect(loginAs(app, 'github', 'alice')).rejects.toMatchObject({ code: 'test_login_failed' })
    expect(standIn.events.find((e) => e.kind === 'token')?.problem).toBe('wrong client credentials')
  })
})
