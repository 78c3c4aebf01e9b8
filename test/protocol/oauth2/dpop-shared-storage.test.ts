/**
 * DPoP-bound tokens shared by two app instances through SQL storage (SQLite always, PostgreSQL when
 * it runs), sealed at rest: a login on one instance, API calls through the request-scoped client on
 * the other (which learns the provider's nonce on its own), a refresh there, and the refreshed token
 * used back on the first. The key travels sealed inside the stored token, never in clear.
 */
import { randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../../src/adapters/express.js'
import { makeOidcBlueprint, type OidcBlueprint } from '../../../src/consumer/oidc-blueprint.js'
import { isDanceError } from '../../../src/errors.js'
import { TokenEncryption, TokenKeyring } from '../../../src/storage/encryption.js'
import { SqlStorage } from '../../../src/storage/sql.js'
import type { TokenKey } from '../../../src/storage/types.js'
import { openDatabase, type TestDatabase } from '../../storage/databases.js'
import { startExpressApp, type TestApp } from '../../support/express-app.js'
import { HttpBrowser } from '../../support/http-browser.js'
import { type OidcProviderHandle, startOidcProvider } from '../../support/oidc-provider.js'
import { SERVICES, serviceAvailable } from '../../support/services.js'

const available = { sqlite: true, postgres: await serviceAvailable('postgres') }
const key: TokenKey = { provider: 'shared', userId: 'alice' }

/** A second connection to the same database, as another app instance would open. */
function secondConnection(database: TestDatabase): Kysely<unknown> {
  if (database.kind === 'sqlite') {
    return new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(database.file!) }) })
  }
  return new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: SERVICES.postgres.url, max: 2 }) }),
  })
}

describe.each(['sqlite', 'postgres'] as const)('DPoP tokens shared by two instances over %s', (kind) => {
  let op: OidcProviderHandle
  let database: TestDatabase
  let other: Kysely<unknown>
  const apps: TestApp[] = []
  const blueprints: OidcBlueprint[] = []
  const storages: SqlStorage[] = []
  const meCalls: Array<{ instance: number; nonce: boolean }> = []

  beforeAll(async () => {
    if (!available[kind]) return
    database = await openDatabase(kind)
    other = secondConnection(database)
    for (let i = 0; i < 2; i++) apps.push(await startExpressApp())
    op = await startOidcProvider({
      clients: [
        {
          client_id: 'app',
          client_secret: 'app-secret',
          dpop_bound_access_tokens: true,
          redirect_uris: [`${apps[0]!.origin}/login/shared/authorized`],
          grant_types: ['authorization_code', 'refresh_token'],
        },
      ],
      configuration: {
        features: {
          devInteractions: { enabled: true },
          userinfo: { enabled: true },
          dPoP: { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true },
        },
      },
    })
    const encryption = new TokenEncryption(new TokenKeyring([{ id: 'k1', key: randomBytes(32) }]))
    for (const [instance, db] of [database.db, other].entries()) {
      const storage = new SqlStorage({ db, table: database.table, encryption })
      const blueprint = makeOidcBlueprint({
        name: 'shared',
        issuer: op.issuer,
        clientId: 'app',
        clientSecret: 'app-secret',
        scope: ['openid', 'profile', 'offline_access'],
        authorizationParams: { prompt: 'consent' },
        redirectUrl: `${apps[0]!.origin}/login/shared/authorized`,
        baseUrl: op.issuer,
        allowInsecureRequests: true,
        dpop: true,
        storage,
        user: () => 'alice',
        fetch: (input, init) => {
          const url = new URL(input instanceof Request ? input.url : input)
          if (url.pathname === '/me') {
            meCalls.push({ instance, nonce: /"nonce"/.test(proofPayload(new Headers(init?.headers))) })
          }
          return fetch(input, init)
        },
      })
      const app = apps[instance]!
      app.app.use(dance(blueprint))
      app.app.get('/api', async (_req, res) => {
        try {
          res.json(await (await blueprint.client.get('/me')).json())
        } catch (error) {
          if (!isDanceError(error)) throw error
          res.status(error.status).send(error.code)
        }
      })
      blueprints.push(blueprint)
      storages.push(storage)
    }
  })

  afterAll(async () => {
    for (const app of apps) await app.close()
    await op?.close()
    await other?.destroy()
    await database?.close()
  })

  it.skipIf(!available[kind])(
    'logs in on one, calls and refreshes on the other, calls back on the first',
    async () => {
      const [one, two] = apps as [TestApp, TestApp]
      const browser = new HttpBrowser()
      const callback = await browser.loginWithOidcProvider(`${one.origin}/login/shared`, 'alice', one.origin)
      expect(callback.status).toBe(302)
      const stored = (await storages[1]!.get(key))!
      expect(stored.token_type).toBe('dpop')
      expect(stored.dpop_jwk).toMatchObject({ kty: 'EC', crv: 'P-256' })

      // Sealed at rest: neither the token nor its key is readable in the row.
      const rows = await database.dump()
      expect(rows).toHaveLength(1)
      const raw = JSON.stringify(rows[0])
      expect(raw).toContain('enc:v1:k1:')
      expect(raw).not.toContain('dpop_jwk')
      expect(raw).not.toContain((stored.dpop_jwk as JsonWebKey).d)
      expect(raw).not.toContain(stored.access_token)

      // The second instance never saw this login: its client proves the token with the stored key.
      const onTwo = await new HttpBrowser().fetch(`${two.origin}/api`)
      expect(await onTwo.json()).toMatchObject({ sub: 'alice' })
      // It had no nonce for the provider yet: refused once for want of one, then sent with it.
      expect(meCalls.filter((call) => call.instance === 1).map((call) => call.nonce)).toEqual([false, true])

      await storages[1]!.set(key, { ...stored, expires_at: Math.floor(Date.now() / 1000) - 10 })
      const refreshedOnTwo = await new HttpBrowser().fetch(`${two.origin}/api`)
      expect(await refreshedOnTwo.json()).toMatchObject({ sub: 'alice' })
      const refreshed = (await storages[0]!.get(key))!
      expect(refreshed.access_token).not.toBe(stored.access_token)
      expect(refreshed.dpop_jwk).toEqual(stored.dpop_jwk)

      const backOnOne = await new HttpBrowser().fetch(`${one.origin}/api`)
      expect(await backOnOne.json()).toMatchObject({ sub: 'alice' })
      // The refreshed token is bound too: alone, as a bearer token, it is refused.
      const bearer = await fetch(`${op.issuer}/me`, {
        headers: { authorization: `Bearer ${refreshed.access_token}` },
      })
      expect(bearer.status).toBe(401)
    },
  )
})

/** The decoded payload of a request's DPoP proof, as text. */
function proofPayload(headers: Headers): string {
  const proof = headers.get('dpop')
  if (!proof) return ''
  return Buffer.from(proof.split('.')[1] ?? '', 'base64url').toString('utf8')
}
