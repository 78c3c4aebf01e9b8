/**
 * Issue 13.2: anonymous visitors never share a token. With a `user` resolver and a storage every
 * visitor shares (the README's SQL example), a visitor for whom the resolver finds nobody used to
 * read and write the one token filed under "no user", so the second anonymous visitor was logged in
 * to the provider as the first. Now a shared storage refuses a key without a user (`user_required`),
 * and `''` is no user id. Driven through real logins at oidc-provider, on every shared storage.
 */
import type { ErrorRequestHandler, Request as ExpressRequest } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import { makeOAuth2Blueprint, type OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { isDanceError } from '../../src/errors.js'
import { CacheStorage } from '../../src/storage/cache.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { SqlStorage } from '../../src/storage/sql.js'
import type { TokenStorage } from '../../src/storage/types.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'
import {
  localBlueprintOptions,
  type OidcProviderHandle,
  startOidcProvider,
} from '../support/oidc-provider.js'
import { serviceAvailable } from '../support/services.js'
import { openDatabase, openRedisKeyv } from './databases.js'

type SessionRequest = ExpressRequest & { session: { userId?: string } }

const available = {
  memory: true,
  sqlite: true,
  postgres: await serviceAvailable('postgres'),
  mysql: await serviceAvailable('mariadb'),
  redis: await serviceAvailable('redis'),
}
type Kind = keyof typeof available
const kinds = Object.keys(available) as Kind[]

let op: OidcProviderHandle
let app: TestApp
const closers: Array<() => Promise<void>> = []

async function openStorage(kind: Kind): Promise<TokenStorage> {
  if (kind === 'memory') return new MemoryStorage()
  if (kind === 'redis') {
    const redis = openRedisKeyv()
    closers.push(redis.close)
    return new CacheStorage({ cache: redis.keyv })
  }
  const database = await openDatabase(kind)
  closers.push(database.close)
  return new SqlStorage({ db: database.db, table: database.table })
}

beforeAll(async () => {
  const names = kinds.filter((k) => available[k]).flatMap((k) => [`anon-${k}`, `hook-${k}`])
  app = await startExpressApp(async (express, origin) => {
    op = await startOidcProvider({
      clients: [
        {
          client_id: 'app',
          client_secret: 'app-secret',
          redirect_uris: names.map((name) => `${origin}/login/${name}/authorized`),
          grant_types: ['authorization_code'],
        },
      ],
    })
    const blueprints: OAuth2Blueprint[] = []
    for (const kind of kinds.filter((k) => available[k])) {
      const storage = await openStorage(kind)
      // The README's storage example: a shared storage and a session-field resolver, nothing else.
      const user = ({ native }: { native: unknown }) => (native as SessionRequest).session?.userId
      blueprints.push(
        makeOAuth2Blueprint(
          localBlueprintOptions(op, {
            name: `anon-${kind}`,
            storage,
            user,
            keepSessionKeys: ['userId'],
            publicUrl: origin,
          }),
        ),
        makeOAuth2Blueprint(
          localBlueprintOptions(op, {
            name: `hook-${kind}`,
            storage,
            user,
            keepSessionKeys: ['userId'],
            publicUrl: origin,
            // An app whose "log in with X" hook has no user for this identity and says so with ''.
            hooks: { authorized: () => ({ userId: '' }) },
          }),
        ),
      )
    }
    express.use(dance(...blueprints))
    express.get('/app-login', (req, res) => {
      ;(req as SessionRequest).session.userId = String(req.query.user)
      res.json({ ok: true })
    })
    express.get('/:name/me', async (req, res) => {
      const blueprint = blueprints.find((b) => b.name === req.params.name)!
      res.json(await (await blueprint.client.get('/me')).json())
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
  for (const close of closers) await close()
})

async function me(browser: HttpBrowser, name: string) {
  const response = await browser.fetch(`${app.origin}/${name}/me`)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe.each(kinds)('anonymous visitors on %s storage', (kind) => {
  it.skipIf(!available[kind])('two anonymous browsers: B never gets the token A logged in with', async () => {
    const a = new HttpBrowser()
    const b = new HttpBrowser()
    const login = await a.loginWithOidcProvider(`${app.origin}/login/anon-${kind}`, 'alice', app.origin)
    const seenByB = await me(b, `anon-${kind}`)
    expect(seenByB.body.sub).not.toBe('alice')
    expect(seenByB).toEqual({ status: 401, body: { error: 'user_required' } })
    expect(login.status).toBe(401)
    expect(await login.text()).toContain('user_required')
    expect((await me(a, `anon-${kind}`)).status).toBe(401)
  })

  it.skipIf(!available[kind])('an empty user id is no user: from the resolver or from the hook', async () => {
    const a = new HttpBrowser()
    await a.fetch(`${app.origin}/app-login?user=`)
    const viaResolver = await a.loginWithOidcProvider(`${app.origin}/login/anon-${kind}`, 'erin', app.origin)
    const b = new HttpBrowser()
    await b.fetch(`${app.origin}/app-login?user=`)
    expect((await me(b, `anon-${kind}`)).body.sub).not.toBe('erin')
    expect(viaResolver.status).toBe(401)

    const c = new HttpBrowser()
    const viaHook = await c.loginWithOidcProvider(`${app.origin}/login/hook-${kind}`, 'frank', app.origin)
    expect((await me(new HttpBrowser(), `hook-${kind}`)).body.sub).not.toBe('frank')
    expect(viaHook.status).toBe(401)
  })

  it.skipIf(!available[kind])('logged-in users still each get their own token', async () => {
    const a = new HttpBrowser()
    const b = new HttpBrowser()
    await a.fetch(`${app.origin}/app-login?user=${kind}-a`)
    await b.fetch(`${app.origin}/app-login?user=${kind}-b`)
    expect(
      (await a.loginWithOidcProvider(`${app.origin}/login/anon-${kind}`, 'alice', app.origin)).status,
    ).toBe(302)
    expect((await me(b, `anon-${kind}`)).status).toBe(401)
    expect(
      (await b.loginWithOidcProvider(`${app.origin}/login/anon-${kind}`, 'bob', app.origin)).status,
    ).toBe(302)
    expect((await me(a, `anon-${kind}`)).body.sub).toBe('alice')
    expect((await me(b, `anon-${kind}`)).body.sub).toBe('bob')
  })
})
