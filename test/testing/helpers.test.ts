/**
 * `oauth-dance/testing` as an app's tests use it: a real Express app whose routes call `github.get`,
 * and a small local server standing in for api.github.com (reached through the blueprint's `baseUrl`),
 * which records the Authorization header of each call.
 */
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ErrorRequestHandler } from 'express'
import type { OAuth2Blueprint } from 'oauth-dance'
import { dance } from 'oauth-dance/express'
import { github, makeGithubBlueprint } from 'oauth-dance/providers/github'
import { MemoryStorage } from 'oauth-dance/storage/memory'
import { injectToken, withRequestScope, withTestTokens } from 'oauth-dance/testing'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startExpressApp, type TestApp } from '../support/express-app.js'

/** api.github.com, as far as `GET /user` goes: the login depends on the token, so tests can tell. */
interface ApiStandIn {
  url: string
  authorizations: string[]
  close(): Promise<void>
}

const LOGINS: Record<string, string> = { 'alice-token': 'alice', 'bob-token': 'bob', rotated: 'rotated-user' }

async function startApiStandIn(): Promise<ApiStandIn> {
  const authorizations: string[] = []
  const server: Server = createServer((req, res) => {
    const authorization = req.headers.authorization ?? ''
    authorizations.push(authorization)
    const login = LOGINS[authorization.replace(/^Bearer /, '')]
    if (req.method !== 'GET' || req.url !== '/user' || !login) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Bad credentials"}')
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ login }))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    authorizations,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

let api: ApiStandIn
const apps: TestApp[] = []

beforeAll(async () => {
  api = await startApiStandIn()
})
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()))
  api.authorizations.length = 0
})
afterAll(async () => {
  await api.close()
})

function blueprint(extra: Parameters<typeof makeGithubBlueprint>[0] = {}): OAuth2Blueprint {
  const credentials = { clientId: 'test-id', clientSecret: 'test-secret', secret: 'test-transaction-secret' }
  return makeGithubBlueprint({ ...credentials, baseUrl: api.url, ...extra })
}

/** An app whose `/` answers the GitHub login of the current user, or redirects to our login route. */
async function startApp(setup: (app: TestApp['app']) => void): Promise<TestApp> {
  const started = await startExpressApp((app) => {
    setup(app)
    app.get('/', async (_req, res) => {
      if (!(await github.authorized())) return res.redirect('/login/github')
      const { login } = (await (await github.get('/user')).json()) as { login: string }
      res.send(login)
    })
    app.post('/rotate', async (_req, res) => {
      await github.setToken({ access_token: 'rotated', token_type: 'bearer' })
      res.send('ok')
    })
    const report: ErrorRequestHandler = (error: { code?: string }, _req, res, _next) => {
      res.status(500).json({ code: error.code })
    }
    app.use(report)
  })
  apps.push(started)
  return started
}

/** GET or POST with an optional cookie; returns status, body and the session cookie. */
async function call(
  origin: string,
  path: string,
  init: { method?: string; cookie?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string; location: string | null; cookie: string | undefined }> {
  const response = await fetch(origin + path, {
    method: init.method ?? 'GET',
    redirect: 'manual',
    headers: { ...init.headers, ...(init.cookie && { cookie: init.cookie }) },
  })
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0] ?? init.cookie
  return {
    status: response.status,
    body: await response.text(),
    location: response.headers.get('location'),
    cookie,
  }
}

describe('withTestTokens (Express, session storage)', () => {
  it('logs every request in: the route calls the API with the given token', async () => {
    const app = await startApp((express) => {
      express.use(dance(blueprint()))
      express.use(withTestTokens({ github: { access_token: 'alice-token', token_type: 'bearer' } }))
    })
    const answer = await call(app.origin, '/')
    expect(answer).toMatchObject({ status: 200, body: 'alice' })
    expect(api.authorizations).toEqual(['Bearer alice-token'])
  })

  it('takes a function of the request, so a test chooses who is logged in', async () => {
    const app = await startApp((express) => {
      express.use(dance(blueprint()))
      express.use(
        withTestTokens({
          github: ({ request }) => {
            const user = request.headers.get('x-test-user')
            return user ? { access_token: `${user}-token` } : undefined
          },
        }),
      )
    })
    expect(await call(app.origin, '/', { headers: { 'x-test-user': 'bob' } })).toMatchObject({ body: 'bob' })
    const anonymous = await call(app.origin, '/')
    expect(anonymous).toMatchObject({ status: 302, location: '/login/github' })
    expect(api.authorizations).toEqual(['Bearer bob-token'])
  })

  it('leaves a token the app changed alone, unless told to overwrite', async () => {
    for (const overwrite of [false, true]) {
      const app = await startApp((express) => {
        express.use(dance(blueprint()))
        express.use(withTestTokens({ github: { access_token: 'alice-token' } }, { overwrite }))
      })
      const first = await call(app.origin, '/rotate', { method: 'POST' })
      expect(first.cookie).toBeDefined()
      const second = await call(app.origin, '/', { cookie: first.cookie })
      expect(second.body).toBe(overwrite ? 'alice' : 'rotated-user')
    }
  })

  it('files the token under the user the app resolves, with storage other than the session', async () => {
    const storage = new MemoryStorage({ singleUser: true })
    const app = await startApp((express) => {
      express.use(dance(blueprint({ storage, user: ({ request }) => request.headers.get('x-user') })))
      express.use(withTestTokens({ github: { access_token: 'bob-token' } }))
    })
    expect((await call(app.origin, '/', { headers: { 'x-user': 'bob' } })).body).toBe('bob')
    expect(storage.get({ provider: 'github', userId: 'bob' })).toEqual({ access_token: 'bob-token' })
    expect(storage.size).toBe(1)
  })

  it('fails the request with a DanceError when mounted before dance() or for an unknown blueprint', async () => {
    const early = await startApp((express) => {
      express.use(withTestTokens({ github: { access_token: 'alice-token' } }))
      express.use(dance(blueprint()))
    })
    expect(JSON.parse((await call(early.origin, '/')).body)).toEqual({ code: 'outside_request' })
    const unknown = await startApp((express) => {
      express.use(dance(blueprint()))
      express.use(withTestTokens({ gitlab: { access_token: 'x' } }))
    })
    expect(JSON.parse((await call(unknown.origin, '/')).body)).toEqual({ code: 'blueprint_not_registered' })
    expect(api.authorizations).toEqual([])
  })

  it('is refused in production', () => {
    const saved = process.env.NODE_ENV
    try {
      for (const value of ['production', 'PRODUCTION', ' production ']) {
        process.env.NODE_ENV = value
        expect(() => withTestTokens({ github: { access_token: 'x' } }), value).toThrow(
          expect.objectContaining({ code: 'config_invalid' }),
        )
      }
    } finally {
      process.env.NODE_ENV = saved
    }
  })
})

describe('injectToken', () => {
  it('is refused when NODE_ENV says production, any casing: nothing is stored', async () => {
    const storage = new MemoryStorage({ singleUser: true })
    const bp = blueprint({ storage, user: () => 'alice' })
    const saved = process.env.NODE_ENV
    try {
      for (const value of ['production', 'Production ']) {
        process.env.NODE_ENV = value
        await expect(
          injectToken(bp, { access_token: 'planted' }, { userId: 'alice' }),
          value,
        ).rejects.toMatchObject({
          code: 'config_invalid',
        })
      }
    } finally {
      process.env.NODE_ENV = saved
    }
    expect(await storage.get({ provider: 'github', userId: 'alice' })).toBeUndefined()
  })

  it('files tokens under users outside a request, for an app with a user resolver', async () => {
    const storage = new MemoryStorage({ singleUser: true })
    const bp = blueprint({ storage, user: ({ request }) => request.headers.get('x-user') })
    await injectToken(bp, { access_token: 'alice-token' }, { userId: 'alice' })
    const key = await injectToken(bp, { access_token: 'bob-token' }, { userId: 'bob' })
    expect(key).toEqual({ provider: 'github', userId: 'bob', accountId: undefined })
    const app = await startApp((express) => express.use(dance(bp)))
    expect((await call(app.origin, '/', { headers: { 'x-user': 'alice' } })).body).toBe('alice')
    expect((await call(app.origin, '/', { headers: { 'x-user': 'bob' } })).body).toBe('bob')
    expect((await call(app.origin, '/', { headers: { 'x-user': 'carol' } })).status).toBe(302)
    expect(api.authorizations).toEqual(['Bearer alice-token', 'Bearer bob-token'])
  })

  it('needs a session for session storage outside a request, and adds expires_at as on receipt', async () => {
    const bp = blueprint()
    await expect(injectToken(bp, { access_token: 'alice-token' })).rejects.toMatchObject({
      code: 'session_unavailable',
    })
    const session: Record<string, unknown> = {}
    const before = Math.floor(Date.now() / 1000)
    await injectToken(bp, { access_token: 'alice-token', expires_in: 3600 }, { session })
    expect(Object.keys(session)).toEqual(['oauth-dance:github'])
    const stored = await withRequestScope({ blueprints: [bp], session }, () => github.token())
    expect(stored?.expires_at).toBeGreaterThanOrEqual(before + 3600)
  })

  it('inside a request scope, stores for the user the resolver finds', async () => {
    const storage = new MemoryStorage({ singleUser: true })
    const bp = blueprint({ storage, user: ({ native }) => (native as { id: string }).id })
    await withRequestScope({ blueprints: [bp], native: { id: 'alice' } }, async () => {
      expect(await injectToken(bp, { access_token: 'alice-token' })).toMatchObject({ userId: 'alice' })
      // The request's memo sees it at once, as after a real login.
      expect(await github.authorized()).toBe(true)
    })
    expect(storage.get({ provider: 'github', userId: 'alice' })).toEqual({ access_token: 'alice-token' })
  })
})

describe('withRequestScope', () => {
  it('runs the scoped client outside a framework, against the API stand-in', async () => {
    const bp = blueprint()
    const session = new Map<string, unknown>()
    await injectToken(bp, { access_token: 'bob-token' }, { session })
    const login = await withRequestScope({ blueprints: [bp], session }, async () => {
      const response = await github.get('/user')
      return ((await response.json()) as { login: string }).login
    })
    expect(login).toBe('bob')
    expect(api.authorizations).toEqual(['Bearer bob-token'])
  })

  it('starts each call with a fresh memo and gives the request to resolvers', async () => {
    const storage = new MemoryStorage({ singleUser: true })
    const seen: string[] = []
    const bp = blueprint({
      storage,
      user: ({ request }) => {
        seen.push(request.url)
        return 'alice'
      },
    })
    await injectToken(bp, { access_token: 'alice-token' }, { userId: 'alice' })
    const request = 'https://app.example/dashboard'
    expect(await withRequestScope({ blueprints: [bp], request }, () => github.authorized())).toBe(true)
    storage.delete({ provider: 'github', userId: 'alice' })
    expect(await withRequestScope({ blueprints: [bp], request }, () => github.authorized())).toBe(false)
    expect(seen).toEqual([request, request])
  })

  it('throws what a real app would: outside a scope, unregistered or duplicate blueprints', async () => {
    await expect(github.get('/user')).rejects.toMatchObject({ code: 'outside_request' })
    const other = blueprint({ name: 'work-github' })
    await expect(withRequestScope({ blueprints: [other] }, () => github.token())).rejects.toMatchObject({
      code: 'blueprint_not_registered',
    })
    expect(() => withRequestScope({ blueprints: [blueprint(), blueprint()] }, () => 1)).toThrow(
      expect.objectContaining({ code: 'duplicate_blueprint' }),
    )
  })
})
