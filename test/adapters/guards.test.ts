/**
 * The route guards of every adapter, one table of cases run against a real Express, Fastify and Hono
 * app on 127.0.0.1 with oidc-provider behind them: no token → login redirect with `next`, a usable token
 * → through, JSON or non-GET → 401 JSON, a refresh the provider refuses in a handler → login redirect,
 * and `next` never sending the browser off the app's origin after the login.
 */
import { randomUUID } from 'node:crypto'
import express, { type Response as ExpressResponse, type NextFunction } from 'express'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as expressAdapter from '../../src/adapters/express.js'
import * as fastifyAdapter from '../../src/adapters/fastify.js'
import * as honoAdapter from '../../src/adapters/hono.js'
import type { OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { DanceError, isDanceError } from '../../src/errors.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import type { Token } from '../../src/token.js'
import { HttpBrowser } from '../support/http-browser.js'
import { type OidcProviderHandle, startOidcProvider } from '../support/oidc-provider.js'
import { fastifyOn, type Listening, listen, localBlueprint, serveHono } from './apps.js'

type Server = Awaited<ReturnType<typeof listen>>

/** One adapter's app: the same routes, guarded the same way. */
interface GuardedApp {
  readonly origin: string
  readonly storage: MemoryStorage
}

const inside = 'inside'
/** A provider error that is not ours to turn into a login. */
const elsewhere = () =>
  new DanceError('reauth_required', 'Another app’s provider.', { provider: 'elsewhere' })
/** What the app's own error handler answers for the errors `reauthRedirect` passes on. */
const passedOn = (error: unknown) => ({ passedOn: isDanceError(error) ? error.provider : 'other' })

/**
 * Routes of every app: `GET|POST /guarded` (guard on the client), `GET /by-blueprint` (guard on the
 * blueprint), `POST /loose` (`jsonForApiRequests: false`), `GET /me` (an API call, unguarded, so a
 * refused refresh reaches the error handler), `GET /elsewhere` (a `reauth_required` of a provider this
 * app does not mount) and every other path guarded (so any path a browser can send reaches a guard).
 */
const adapters: Record<string, (server: Server, blueprint: OAuth2Blueprint) => Promise<void>> = {
  express: async (server, blueprint) => {
    const { authorizationRequired, dance, reauthRedirect } = expressAdapter
    const app = express()
    app.use(dance(blueprint))
    const guard = authorizationRequired(blueprint.client)
    app.get('/guarded', guard, (_req, res) => void res.send(inside))
    app.post('/guarded', guard, (_req, res) => void res.send(inside))
    app.get('/by-blueprint', authorizationRequired(blueprint), (_req, res) => void res.send(inside))
    app.post(
      '/loose',
      authorizationRequired(blueprint.client, { jsonForApiRequests: false }),
      (_req, res) => {
        res.send(inside)
      },
    )
    app.get('/me', async (_req, res) => {
      res.json(await (await blueprint.client.get('/me')).json())
    })
    app.get('/elsewhere', () => {
      throw elsewhere()
    })
    app.get('/{*rest}', guard, (_req, res) => void res.send(inside))
    app.use(reauthRedirect())
    app.use((error: unknown, _req: unknown, res: ExpressResponse, _next: NextFunction) => {
      res.status(500).json(passedOn(error))
    })
    server.attach(app)
  },
  fastify: async (server, blueprint) => {
    const { authorizationRequired, dance, reauthRedirect } = fastifyAdapter
    const app = fastifyOn(server)
    await app.register(dance(blueprint))
    const preHandler = authorizationRequired(blueprint.client)
    app.get('/guarded', { preHandler }, async () => inside)
    app.post('/guarded', { preHandler }, async () => inside)
    app.get('/by-blueprint', { preHandler: authorizationRequired(blueprint) }, async () => inside)
    app.post(
      '/loose',
      { preHandler: authorizationRequired(blueprint.client, { jsonForApiRequests: false }) },
      async () => inside,
    )
    app.get('/me', async () => (await blueprint.client.get('/me')).json())
    app.get('/elsewhere', async () => {
      throw elsewhere()
    })
    app.get('/*', { preHandler }, async () => inside)
    app.setErrorHandler(
      reauthRedirect({ otherwise: (error, _request, reply) => reply.code(500).send(passedOn(error)) }),
    )
    await app.ready()
  },
  hono: async (server, blueprint) => {
    const { authorizationRequired, dance, reauthRedirect } = honoAdapter
    const app = new Hono()
    app.use(dance(blueprint))
    const guard = authorizationRequired(blueprint.client)
    app.get('/guarded', guard, (c) => c.text(inside))
    app.post('/guarded', guard, (c) => c.text(inside))
    app.get('/by-blueprint', authorizationRequired(blueprint), (c) => c.text(inside))
    app.post('/loose', authorizationRequired(blueprint.client, { jsonForApiRequests: false }), (c) =>
      c.text(inside),
    )
    app.get('/me', async (c) => c.json(await (await blueprint.client.get('/me')).json()))
    app.get('/elsewhere', () => {
      throw elsewhere()
    })
    app.get('*', guard, (c) => c.text(inside))
    app.onError(reauthRedirect({ otherwise: (error, c) => c.json(passedOn(error), 500) }))
    serveHono(server, app)
  },
}

let op: OidcProviderHandle
const servers: Record<string, Server> = {}
const apps: Record<string, GuardedApp> = {}

beforeAll(async () => {
  for (const name of Object.keys(adapters)) servers[name] = await listen()
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'app',
        client_secret: 'app-secret',
        redirect_uris: Object.values(servers).map((s) => `${s.origin}/login/local/authorized`),
        grant_types: ['authorization_code', 'refresh_token'],
      },
    ],
  })
  for (const [name, build] of Object.entries(adapters)) {
    const server = servers[name] as Server
    // Tokens are kept per user, the user being a `uid` cookie, so every adapter (Hono has no session)
    // keeps tokens the same way and each test is a user of its own.
    const storage = new MemoryStorage()
    const blueprint = localBlueprint(op, {
      storage,
      user: ({ request }) => /(?:^|;\s*)uid=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1],
    })
    await build(server, blueprint)
    apps[name] = { origin: server.origin, storage }
  }
})

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s: Listening) => s.close()))
  await op?.close()
})

const now = () => Math.floor(Date.now() / 1000)

/** A user of its own, with `token` stored for it when given. */
function user(app: GuardedApp, token?: Token): { uid: string; headers: Record<string, string> } {
  const uid = randomUUID()
  if (token) app.storage.set({ provider: 'local', userId: uid }, token)
  return { uid, headers: { cookie: `uid=${uid}` } }
}

const usable: Token = { access_token: 'usable', token_type: 'Bearer', expires_at: now() + 3600 }

async function get(app: GuardedApp, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${app.origin}${path}`, { redirect: 'manual', ...init })
}

/** The `next` of a login URL, as the login route will read it. */
const nextOf = (login: string) => new URL(login, 'http://x').searchParams.get('next')

interface Case {
  readonly name: string
  run(app: GuardedApp): Promise<void>
}

const cases: Case[] = [
  {
    name: 'no token: a page request is redirected to login with next = this URL, not cached',
    async run(app) {
      const response = await get(app, '/guarded?tab=1&q=a%20b', user(app))
      expect(response.status).toBe(302)
      expect(response.headers.get('location')).toBe('/login/local?next=%2Fguarded%3Ftab%3D1%26q%3Da%2520b')
      expect(nextOf(response.headers.get('location')!)).toBe('/guarded?tab=1&q=a%20b')
      expect(response.headers.get('cache-control')).toBe('no-store')
    },
  },
  {
    name: 'no token: a browser Accept header still gets the redirect, and so does HEAD',
    async run(app) {
      const { headers } = user(app)
      const accept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
      const page = await get(app, '/guarded', { headers: { ...headers, accept } })
      expect(page.status).toBe(302)
      const head = await get(app, '/guarded', { method: 'HEAD', headers })
      expect(head.status).toBe(302)
      expect(head.headers.get('location')).toBe('/login/local?next=%2Fguarded')
    },
  },
  {
    name: 'a usable token passes, and so does an expired one that can be refreshed',
    async run(app) {
      const fresh = await get(app, '/guarded', user(app, usable))
      expect(fresh.status).toBe(200)
      expect(await fresh.text()).toBe(inside)
      const refreshable = { ...usable, expires_at: now() - 60, refresh_token: 'some-refresh-token' }
      const later = await get(app, '/guarded', user(app, refreshable))
      expect(later.status).toBe(200)
    },
  },
  {
    name: 'an expired token without a refresh token is no token',
    async run(app) {
      const response = await get(app, '/guarded', user(app, { ...usable, expires_at: now() - 60 }))
      expect(response.status).toBe(302)
    },
  },
  {
    name: 'guarding with the blueprint itself works like guarding with its client',
    async run(app) {
      expect((await get(app, '/by-blueprint', user(app, usable))).status).toBe(200)
      const response = await get(app, '/by-blueprint', user(app))
      expect(response.headers.get('location')).toBe('/login/local?next=%2Fby-blueprint')
    },
  },
  {
    name: 'a request that prefers JSON gets 401 with { error, provider, login }',
    async run(app) {
      const { headers } = user(app)
      const response = await get(app, '/guarded?x=1', {
        headers: { ...headers, accept: 'application/json, text/plain, */*' },
      })
      expect(response.status).toBe(401)
      expect(response.headers.get('content-type')).toMatch(/^application\/json/)
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(response.headers.get('location')).toBeNull()
      expect(await response.json()).toEqual({
        error: 'reauth_required',
        provider: 'local',
        login: '/login/local?next=%2Fguarded%3Fx%3D1',
      })
    },
  },
  {
    name: 'a POST gets 401 JSON whatever it accepts; with a token it passes',
    async run(app) {
      const response = await get(app, '/guarded', { method: 'POST', headers: user(app).headers })
      expect(response.status).toBe(401)
      expect(((await response.json()) as { login: string }).login).toBe('/login/local?next=%2Fguarded')
      const allowed = await get(app, '/guarded', { method: 'POST', headers: user(app, usable).headers })
      expect(allowed.status).toBe(200)
    },
  },
  {
    name: 'jsonForApiRequests: false redirects even a POST that wants JSON',
    async run(app) {
      const { headers } = user(app)
      const response = await get(app, '/loose', {
        method: 'POST',
        headers: { ...headers, accept: 'application/json' },
      })
      expect(response.status).toBe(302)
      expect(response.headers.get('location')).toBe('/login/local?next=%2Floose')
    },
  },
  {
    name: 'a refresh the provider refuses in a handler ends in the login redirect, token deleted',
    async run(app) {
      const dead = { ...usable, expires_at: now() - 60, refresh_token: 'never-issued-by-the-provider' }
      const { uid, headers } = user(app, dead)
      const page = await get(app, '/me', { headers })
      expect(page.status).toBe(302)
      expect(page.headers.get('location')).toBe('/login/local?next=%2Fme')
      expect(page.headers.get('cache-control')).toBe('no-store')
      expect(app.storage.get({ provider: 'local', userId: uid })).toBeUndefined()
      const script = await get(app, '/me', { headers: { ...headers, accept: 'application/json' } })
      expect(script.status).toBe(401)
      expect(await script.json()).toEqual({
        error: 'reauth_required',
        provider: 'local',
        login: '/login/local?next=%2Fme',
      })
    },
  },
  {
    name: 'a reauth_required of a provider this app does not mount goes on to the app’s error handler',
    async run(app) {
      const response = await get(app, '/elsewhere', user(app))
      expect(response.status).toBe(500)
      expect(await response.json()).toEqual({ passedOn: 'elsewhere' })
    },
  },
  {
    name: 'after the login the browser is back where it was, on this origin',
    async run(app) {
      const browser = new HttpBrowser()
      const { uid } = user(app)
      browser.cookies.set(new URL(app.origin).host, new Map([['uid', uid]]))
      const guarded = await browser.fetch(`${app.origin}/guarded?tab=2`)
      const callback = await browser.loginWithOidcProvider(
        new URL(guarded.headers.get('location')!, app.origin),
        'alice',
        app.origin,
      )
      expect(callback.status).toBe(302)
      expect(callback.headers.get('location')).toBe('/guarded?tab=2')
      const back = await browser.fetch(`${app.origin}/guarded?tab=2`)
      expect(back.status).toBe(200)
    },
  },
  {
    name: 'a path that reads as another host never becomes the place the login returns to',
    async run(app) {
      const browser = new HttpBrowser()
      browser.cookies.set(new URL(app.origin).host, new Map([['uid', user(app).uid]]))
      // `//evil.example/x` as a Location would be another host; the guard only quotes it in `next`.
      const guarded = await browser.fetch(`${app.origin}//evil.example/x`)
      expect(guarded.status).toBe(302)
      const login = guarded.headers.get('location')!
      expect(login.startsWith('/login/local?')).toBe(true)
      expect(nextOf(login)).toBe('//evil.example/x')
      const callback = await browser.loginWithOidcProvider(new URL(login, app.origin), 'alice', app.origin)
      expect(callback.status).toBe(302)
      const back = new URL(callback.headers.get('location')!, app.origin)
      expect(back.origin).toBe(app.origin)
      expect(back.pathname).toBe('/')
    },
  },
]

describe.each(Object.keys(adapters))('the %s guards', (name) => {
  it.each(cases)('$name', ({ run }) => run(apps[name] as GuardedApp))
})

describe('errors reauthRedirect leaves alone, without an `otherwise`', () => {
  it('on Fastify go on to the parent context’s error handler', async () => {
    const server = await listen()
    try {
      const app = fastifyOn(server)
      app.setErrorHandler((error, _request, reply) => reply.code(500).send({ root: passedOn(error) }))
      await app.register(async (child) => {
        child.setErrorHandler(fastifyAdapter.reauthRedirect())
        child.get('/elsewhere', async () => {
          throw elsewhere()
        })
      })
      await app.ready()
      const response = await fetch(`${server.origin}/elsewhere`, { redirect: 'manual' })
      expect(response.status).toBe(500)
      expect(await response.json()).toEqual({ root: { passedOn: 'elsewhere' } })
    } finally {
      await server.close()
    }
  })

  it('on Hono get Hono’s own answer: an HTTPException’s response, else a logged 500', async () => {
    const server = await listen()
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const app = new Hono()
      app.get('/teapot', () => {
        throw new HTTPException(418, { message: 'short and stout' })
      })
      app.get('/elsewhere', () => {
        throw elsewhere()
      })
      app.onError(honoAdapter.reauthRedirect())
      serveHono(server, app)
      const teapot = await fetch(`${server.origin}/teapot`)
      expect(teapot.status).toBe(418)
      expect(await teapot.text()).toBe('short and stout')
      expect(logged).not.toHaveBeenCalled()
      const other = await fetch(`${server.origin}/elsewhere`, { redirect: 'manual' })
      expect(other.status).toBe(500)
      expect(await other.text()).toBe('Internal Server Error')
      expect(logged).toHaveBeenCalledWith(expect.objectContaining({ provider: 'elsewhere' }))
    } finally {
      logged.mockRestore()
      await server.close()
    }
  })
})
