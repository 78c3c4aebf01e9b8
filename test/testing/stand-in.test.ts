/**
 * The testing kit end to end, the way an app's own tests use it: a real Express app whose GitHub
 * blueprint points at a stand-in, logged in to with `loginAs`, then refresh, refusals and outages.
 */
import express from 'express'
import session from 'express-session'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import { github, makeGithubBlueprint } from '../../src/providers/github.js'
import { closeTestApps, loginAs, type StandIn, startStandIn } from '../../src/testing/index.js'

let standIn: StandIn
let app: express.Express

beforeAll(async () => {
  standIn = await startStandIn('github', { users: [{ login: 'alice', name: 'Alice Liddell' }] })
  app = express()
  app.use(session({ secret: 'kit-test-session', resave: false, saveUninitialized: false }))
  app.use(
    dance(makeGithubBlueprint({ ...standIn.options, secret: 'kit-test-transaction-secret-0123456789' })),
  )
  app.get('/profile', async (_req, res, next) => {
    try {
      const answer = await github.get('/user')
      res.status(answer.status).json(await answer.json())
    } catch (error) {
      next(error)
    }
  })
  app.use(
    (error: { code?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(599).json({ code: error.code })
    },
  )
})
afterEach(() => standIn.reset())
afterAll(async () => {
  await closeTestApps()
  await standIn.close()
})

describe('startStandIn + loginAs (Express)', () => {
  it('logs a user in through the app and its API calls carry that user', async () => {
    const alice = await loginAs(app, 'github', 'alice')
    const bob = await loginAs(app, 'github', 'bob')
    const a = await alice.get('/profile')
    const b = await bob.get('/profile')
    expect(a.status).toBe(200)
    expect(await a.json()).toMatchObject({ login: 'alice', name: 'Alice Liddell' })
    expect(await b.json()).toMatchObject({ login: 'bob', name: 'Bob' })
    const kinds = standIn.events.map((e) => e.kind)
    expect(kinds).toContain('authorize')
    expect(kinds).toContain('token')
  })

  it('an expired token is refreshed (and rotated) on the next API call', async () => {
    standIn.behave({ tokenLifetime: 0 })
    const alice = await loginAs(app, 'github', 'alice')
    standIn.behave({ tokenLifetime: 3600 })
    const before = standIn.events.filter((e) => e.kind === 'refresh').length
    const answer = await alice.get('/profile')
    expect(answer.status).toBe(200)
    expect(standIn.events.filter((e) => e.kind === 'refresh' && e.status === 200).length).toBe(before + 1)
  })

  it('a refused refresh reaches the app as reauth_required', async () => {
    standIn.behave({ tokenLifetime: 0 })
    const alice = await loginAs(app, 'github', 'alice')
    standIn.behave({ refuseRefresh: true })
    const answer = await alice.get('/profile')
    expect(await answer.json()).toEqual({ code: 'reauth_required' })
  })

  it('a 401 from the API reaches the app', async () => {
    const alice = await loginAs(app, 'github', 'alice')
    standIn.behave({ apiStatus: 401 })
    const answer = await alice.get('/profile')
    expect(await answer.json()).toEqual({ code: 'api_unauthorized' })
  })

  it('a user who denies ends on the app error path, nothing stored', async () => {
    const carol = await loginAs(app, 'github', 'carol', { deny: true })
    expect(carol.response.status).toBe(401)
    expect((await carol.get('/profile')).status).toBe(599)
  })

  it('without deny or allowFailure, a refused login throws test_login_failed', async () => {
    standIn.behave({ tokenError: 'invalid_grant' })
    await expect(loginAs(app, 'github', 'dave')).rejects.toMatchObject({ code: 'test_login_failed' })
  })

  it('a provider that is down is provider_unavailable in the app', async () => {
    const alice = await loginAs(app, 'github', 'alice')
    standIn.behave({ down: true })
    expect(await (await alice.get('/profile')).json()).toEqual({ code: 'provider_unavailable' })
  })

  it('an unknown API route answers 404 naming the route to add; routes can be added', async () => {
    const alice = await loginAs(app, 'github', 'alice')
    app.get('/repos', async (_req, res) => {
      const answer = await github.get('/user/repos')
      res.status(answer.status).send(await answer.text())
    })
    const missing = await alice.get('/repos')
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain("'GET /user/repos'")
    standIn.route('GET /user/repos', ({ user }) => [{ name: `${user.login}-repo` }])
    expect(await (await alice.get('/repos')).json()).toEqual([{ name: 'alice-repo' }])
  })

  it('a slow provider makes the app time out (provider_timeout), and recovers', async () => {
    const slowApp = express()
    const standInSlow = await startStandIn('github', { name: 'slowhub' })
    try {
      const blueprint = makeGithubBlueprint({
        ...standInSlow.options,
        timeoutMs: 300,
        apiTimeoutMs: 300,
        secret: 'kit-test-transaction-secret-0123456789',
      })
      slowApp.use(session({ secret: 'kit-test-session', resave: false, saveUninitialized: false }))
      slowApp.use(dance(blueprint))
      slowApp.get('/profile', async (_req, res) => {
        try {
          res.json(await (await blueprint.client.get('/user')).json())
        } catch (error) {
          res.status(599).json({ code: (error as { code?: string }).code })
        }
      })
      const alice = await loginAs(slowApp, 'slowhub', 'alice')
      standInSlow.behave({ latencyMs: 1_000 })
      expect(await (await alice.get('/profile')).json()).toEqual({ code: 'provider_timeout' })
      standInSlow.reset()
      expect(await (await alice.get('/profile')).json()).toMatchObject({ login: 'alice' })
    } finally {
      await standInSlow.close()
    }
  })

  it('expireTokens ends live access tokens: the 401 makes the client refresh, or ask for a new login', async () => {
    const alice = await loginAs(app, 'github', 'alice')
    expect((await alice.get('/profile')).status).toBe(200)
    const refreshes = () => standIn.events.filter((e) => e.kind === 'refresh' && e.status === 200).length
    const before = refreshes()
    standIn.expireTokens('alice')
    expect(await (await alice.get('/profile')).json()).toMatchObject({ login: 'alice' })
    expect(refreshes()).toBe(before + 1)
    standIn.expireTokens('alice')
    standIn.behave({ refuseRefresh: true })
    expect(await (await alice.get('/profile')).json()).toEqual({ code: 'reauth_required' })
  })

  it('every secret it issued is listed, and none is on the pages the browser saw', async () => {
    const alice = await loginAs(app, 'github', 'alice')
    const page = await (await alice.get('/profile')).text()
    const secrets = standIn.issuedSecrets()
    expect(secrets.length).toBeGreaterThan(3)
    for (const secret of secrets) expect(page).not.toContain(secret)
  })

  it('refuses to start in production', async () => {
    const before = process.env.NODE_ENV
    process.env.NODE_ENV = 'production'
    try {
      await expect(startStandIn('github', { name: 'prod' })).rejects.toMatchObject({ code: 'config_invalid' })
    } finally {
      process.env.NODE_ENV = before
    }
  })

  it('refuses to start when NODE_ENV says production in another casing, with spaces, or as prod', async () => {
    const before = process.env.NODE_ENV
    try {
      for (const value of ['Production', ' production\n', 'PRODUCTION', 'prod']) {
        process.env.NODE_ENV = value
        await expect(startStandIn('github', { name: 'prod' }), value).rejects.toMatchObject({
          code: 'config_invalid',
        })
      }
    } finally {
      process.env.NODE_ENV = before
    }
  })

  it("a production app given a stand-in's options refuses to start (plain http is for development)", () => {
    const options = {
      ...standIn.options,
      secret: 'kit-test-transaction-secret-0123456789',
      publicUrl: 'https://app.example',
    }
    for (const NODE_ENV of ['production', 'Production']) {
      expect(() => makeGithubBlueprint({ ...options, env: { NODE_ENV } }), NODE_ENV).toThrow(
        expect.objectContaining({ code: 'config_invalid' }),
      )
    }
    expect(() => makeGithubBlueprint({ ...options, env: { NODE_ENV: 'test' } })).not.toThrow()
  })

  it('refuses an unknown preset and a second stand-in of one name', async () => {
    await expect(startStandIn('no-such-provider')).rejects.toMatchObject({ code: 'config_invalid' })
    await expect(startStandIn('github')).rejects.toMatchObject({ code: 'config_invalid' })
  })
})
