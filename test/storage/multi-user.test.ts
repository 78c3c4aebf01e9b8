/**
 * Tokens tied to users, through a real Express app and real oidc-provider logins: two users at once,
 * anonymous access with a user required, "log in with X" (the hook names the user), and one user
 * linking two accounts of one provider.
 */
import type { ErrorRequestHandler, Request as ExpressRequest } from 'express'
import Keyv from 'keyv'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import {
  makeOAuth2Blueprint,
  type OAuth2Blueprint,
  type OAuth2BlueprintOptions,
} from '../../src/consumer/oauth2-blueprint.js'
import { isDanceError } from '../../src/errors.js'
import { CacheStorage } from '../../src/storage/cache.js'
import { SqlStorage } from '../../src/storage/sql.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'
import {
  localBlueprintOptions,
  type OidcProviderHandle,
  startOidcProvider,
} from '../support/oidc-provider.js'
import { openDatabase, type TestDatabase } from './databases.js'

type SessionRequest = ExpressRequest & { session: { userId?: string } }

let op: OidcProviderHandle
let app: TestApp
let database: TestDatabase
let sql: SqlStorage
const cacheStore = new Map<string, unknown>()
/** The app's own users, keyed by the provider's `sub` ("log in with X" finds or creates them here). */
const appUsers = new Map<string, string>()
const blueprints: Record<'local' | 'sso' | 'multi', OAuth2Blueprint> = {} as never

async function userinfo(accessToken: string): Promise<{ sub: string }> {
  const response = await fetch(`${op.issuer}/me`, { headers: { authorization: `Bearer ${accessToken}` } })
  return (await response.json()) as { sub: string }
}

beforeAll(async () => {
  database = await openDatabase('sqlite')
  sql = new SqlStorage({ db: database.db, table: database.table })
  app = await startExpressApp(async (express, origin) => {
    op = await startOidcProvider({
      clients: [
        {
          client_id: 'app',
          client_secret: 'app-secret',
          redirect_uris: ['local', 'sso', 'multi'].map((name) => `${origin}/login/${name}/authorized`),
          grant_types: ['authorization_code'],
        },
      ],
    })
    const common = (name: string): OAuth2BlueprintOptions =>
      localBlueprintOptions(op, {
        name,
        secret: 'multi-user-test-secret',
        // The app's login manager: a session field (Passport's req.user.id works the same way).
        user: ({ native }) => (native as SessionRequest).session?.userId,
        userRequired: true,
        // The app's login survives the session regeneration at the provider login.
        keepSessionKeys: ['userId'],
      })
    blueprints.local = makeOAuth2Blueprint({ ...common('local'), storage: sql })
    blueprints.sso = makeOAuth2Blueprint({
      ...common('sso'),
      storage: new CacheStorage({ cache: new Keyv({ store: cacheStore }), source: sql }),
      hooks: {
        // "Log in with X": find or create the app's user from the provider identity, log them in,
        // and say whose token this is; the blueprint stores it through the storage and its cache.
        authorized: async ({ token, native }) => {
          const { sub } = await userinfo(token.access_token!)
          let userId = appUsers.get(sub)
          if (!userId) {
            userId = `app-user-${appUsers.size + 1}`
            appUsers.set(sub, userId)
          }
          ;(native as SessionRequest).session.userId = userId
          return { userId }
        },
      },
    })
    blueprints.multi = makeOAuth2Blueprint({
      ...common('multi'),
      storage: sql,
      hooks: {
        // Several accounts of one provider: the provider's account id keys each token.
        authorized: async ({ token }) => ({ accountId: (await userinfo(token.access_token!)).sub }),
      },
    })
    express.use(dance(blueprints.local, blueprints.sso, blueprints.multi))
    express.get('/app-login/:user', (req, res) => {
      ;(req as SessionRequest).session.userId = req.params.user
      res.json({ ok: true })
    })
    express.get('/:name/me', async (req, res) => {
      const blueprint = blueprints[req.params.name as keyof typeof blueprints]
      const client =
        typeof req.query.account === 'string' ? blueprint.client.account(req.query.account) : blueprint.client
      res.json(await (await client.get('/me')).json())
    })
    express.get('/accounts', async (req, res) => {
      res.json(await sql.listAccounts('multi', (req as SessionRequest).session.userId))
    })
    const onError: ErrorRequestHandler = (error, _req, res, _next) => {
      res
        .status(isDanceError(error) ? error.status : 500)
        .json({ error: isDanceError(error) ? error.code : 'unexpected' })
    }
    express.use(onError)
  })
})

afterAll(async () => {
  await app?.close()
  await op?.close()
  await database?.close()
})

async function json(browser: HttpBrowser, path: string) {
  const response = await browser.fetch(`${app.origin}${path}`)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('tokens tied to users in SQL storage', () => {
  it('keeps the tokens of two users logged in at once apart', async () => {
    const alice = new HttpBrowser()
    const bob = new HttpBrowser()
    await json(alice, '/app-login/u-alice')
    await json(bob, '/app-login/u-bob')
    const [a, b] = await Promise.all([
      alice.loginWithOidcProvider(`${app.origin}/login/local`, 'alice', app.origin),
      bob.loginWithOidcProvider(`${app.origin}/login/local`, 'bob', app.origin),
    ])
    expect([a.status, b.status]).toEqual([302, 302])
    const [meA, meB] = await Promise.all([json(alice, '/local/me'), json(bob, '/local/me')])
    expect(meA.body.sub).toBe('alice')
    expect(meB.body.sub).toBe('bob')
    const rows = await database.dump()
    expect(
      rows
        .filter((r) => r.provider === 'local')
        .map((r) => r.user_id)
        .sort(),
    ).toEqual(['u-alice', 'u-bob'])
    const tokenA = await sql.get({ provider: 'local', userId: 'u-alice' })
    const tokenB = await sql.get({ provider: 'local', userId: 'u-bob' })
    expect(tokenA?.access_token).toBeTruthy()
    expect(tokenA?.access_token).not.toBe(tokenB?.access_token)
  })

  it('answers user_required to an anonymous request, and stores nothing from an anonymous login', async () => {
    const anonymous = new HttpBrowser()
    expect(await json(anonymous, '/local/me')).toEqual({ status: 401, body: { error: 'user_required' } })
    const before = (await database.dump()).length
    const callback = await anonymous.loginWithOidcProvider(`${app.origin}/login/local`, 'mallory', app.origin)
    expect(callback.status).toBe(401)
    expect(await callback.text()).toContain('user_required')
    expect((await database.dump()).length).toBe(before)
  })

  it('"log in with X": the authorized hook names the app user, and the token lands through the cache', async () => {
    const browser = new HttpBrowser()
    const callback = await browser.loginWithOidcProvider(`${app.origin}/login/sso`, 'carol', app.origin)
    expect(callback.status).toBe(302)
    expect(appUsers.get('carol')).toBe('app-user-1')
    const row = (await database.dump()).find((r) => r.provider === 'sso')
    expect(row).toMatchObject({ user_id: 'app-user-1', account_id: '' })
    expect([...cacheStore.keys()].some((k) => k.includes('sso:app-user-1:'))).toBe(true)
    // The next request finds the user in the session and the token in the cache: no SQL read.
    database.queries.length = 0
    expect((await json(browser, '/sso/me')).body.sub).toBe('carol')
    expect(database.queries.filter((q) => /^\s*select/i.test(q))).toEqual([])
    // Logging in again with the same identity finds the same app user.
    browser.cookies.delete(new URL(op.issuer).host)
    await browser.loginWithOidcProvider(`${app.origin}/login/sso`, 'carol', app.origin)
    expect(appUsers.size).toBe(1)
  })

  it('keeps both accounts when one user links two accounts of one provider', async () => {
    const browser = new HttpBrowser()
    await json(browser, '/app-login/u-dave')
    await browser.loginWithOidcProvider(`${app.origin}/login/multi`, 'dave-work', app.origin)
    // Forget the provider's own session so the second login is another account.
    browser.cookies.delete(new URL(op.issuer).host)
    await browser.loginWithOidcProvider(`${app.origin}/login/multi`, 'dave-home', app.origin)
    const accounts = (await json(browser, '/accounts')).body as unknown as Array<{ accountId: string }>
    expect(accounts.map((a) => a.accountId).sort()).toEqual(['dave-home', 'dave-work'])
    expect((await json(browser, '/multi/me?account=dave-work')).body.sub).toBe('dave-work')
    expect((await json(browser, '/multi/me?account=dave-home')).body.sub).toBe('dave-home')
    // Without an account there is no token: the app must pick one.
    expect(await json(browser, '/multi/me')).toEqual({ status: 401, body: { error: 'reauth_required' } })
  })
})
